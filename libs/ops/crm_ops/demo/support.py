"""Support's demo data: a business-hours calendar, SLA policies per priority, and tickets
of the demo customers in every status (their SLA targets follow from the policies)."""

from __future__ import annotations

from typing import Any

from crm_ops.demo.client import Api

API = "/api/support/v1"
CALENDAR = "Business hours Berlin (demo)"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")

# name, priority, first response, resolution (business minutes)
SLA_POLICIES: tuple[tuple[str, str, int, int], ...] = (
    ("Urgent tickets (demo)", "Urgent", 30, 240),
    ("High tickets (demo)", "High", 60, 480),
    ("Normal tickets (demo)", "Normal", 240, 1440),
)

# title, account, contact e-mail, priority, severity, category, channel, status
TICKETS: tuple[tuple[str, str, str, str, str, str, str, str], ...] = (
    (
        "Checkout page times out for store staff",
        "Northwind Retail",
        "margaret.peacock@retail.northwind.example",
        "Urgent",
        "Critical",
        "Big Problem",
        "phone",
        "Open",
    ),
    (
        "Cannot export the quarterly pipeline",
        "Contoso Manufacturing",
        "lena.becker@contoso.example",
        "High",
        "Major",
        "Small Problem",
        "email",
        "In Progress",
    ),
    (
        "Invoice PDF shows the old address",
        "Globex Media",
        "oliver.hughes@globex.example",
        "Normal",
        "Minor",
        "Small Problem",
        "portal",
        "Wait For Response",
    ),
    (
        "Add a field for the fleet number",
        "Northwind Logistics",
        "steven.buchanan@logistics.northwind.example",
        "Low",
        "Feature",
        "Other Problem",
        "web",
        "Open",
    ),
    (
        "Password reset mail not received",
        "Tailspin Partners",
        "camille.durand@tailspin.example",
        "High",
        "Major",
        "Small Problem",
        "email",
        "Closed",
    ),
)


def _slas(api: Api) -> None:
    hours = {day: [{"start": "09:00", "end": "17:00"}] for day in WEEKDAYS}
    calendar = api.ensure(
        "calendars",
        f"{API}/calendars",
        {"name": CALENDAR},
        {
            "time_zone": "Europe/Berlin",
            "hours": hours,
            "holiday_country": "DE",
            "holiday_subdivision": "BE",
        },
    )
    for name, priority, first, resolution in SLA_POLICIES:
        api.ensure(
            "SLA policies",
            f"{API}/sla-policies",
            {"name": name},
            {
                "priority": priority,
                "calendar_id": calendar["id"],
                "first_response_minutes": first,
                "resolution_minutes": resolution,
            },
        )


def _move(api: Api, ticket: dict[str, Any], status: str) -> None:
    """Walk the ticket to ``status`` (Open -> In Progress -> ... -> Closed)."""
    path = f"{API}/tickets/{ticket['id']}"
    if ticket["status"] == status:
        return
    if status in ("Wait For Response", "Closed") and ticket["status"] == "Open":
        ticket = api.patch(path, {"status": "In Progress"})
    body: dict[str, Any] = {"status": status}
    if status == "Closed":
        body["resolution"] = "Mail went to spam; allow-listed our sender domain."
    api.patch(path, body)


def load(api: Api, accounts: dict[str, Any], contacts: dict[str, Any]) -> None:
    """Create what is missing."""
    _slas(api)
    for title, account, email, priority, severity, category, channel, status in TICKETS:
        body = {
            "account_id": accounts[account]["id"],
            "contact_id": contacts[email]["id"],
            "priority": priority,
            "severity": severity,
            "category": category,
            "channel": channel,
            "description": f"{title}. Reported by {email} via {channel}.",
        }
        ticket = api.ensure(
            "tickets", f"{API}/tickets", {"title": title}, body, account_id=accounts[account]["id"]
        )
        _move(api, ticket, status)
