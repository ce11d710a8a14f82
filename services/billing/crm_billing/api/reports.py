"""Report routes: AR ageing on a date, finance KPIs over a period, an account's credit."""

from __future__ import annotations

from typing import Any

from crm_billing.api.report_schemas import (
    AccountCreditOut,
    AccountCreditQuery,
    AgeingOut,
    AgeingQuery,
    KpiQuery,
    KpisOut,
)
from crm_billing.api.response_bodies import ageing_out, credit_out, kpis_out
from crm_billing.bootstrap import Billing
from crm_billing.service.access import INVOICES, PAYMENTS
from crm_chassis import context
from crm_chassis.http import Blueprint, service

bp = Blueprint("reports")


@bp.get(
    "/reports/ageing",
    query=AgeingQuery,
    response=AgeingOut,
    permission=(INVOICES, "view"),
    summary="AR ageing per account and in total (current, 1-30, 31-60, 61-90, "
    "over 90 days past due) as of a date",
)
def ageing_report(query: AgeingQuery) -> dict[str, Any]:
    """AR ageing of the invoices the caller may see, as of a date (default: today)."""
    report = service(Billing).queries.ageing(context.principal(), query.as_of, query.account_id)
    return ageing_out(report)


@bp.get("/reports/kpis", query=KpiQuery, response=KpisOut, permission=(INVOICES, "view"))
def kpi_report(query: KpiQuery) -> dict[str, Any]:
    """Revenue by period, outstanding receivables, DSO, collection rate."""
    items = service(Billing).queries.kpis(
        context.principal(), query.from_, query.to, query.granularity
    )
    return kpis_out(query.from_, query.to, query.granularity, items)


@bp.get(
    "/reports/account-credit",
    query=AccountCreditQuery,
    response=AccountCreditOut,
    permission=(PAYMENTS, "view"),
)
def account_credit(query: AccountCreditQuery) -> dict[str, Any]:
    """An account's credit per currency (over-payments, credit-note excess)."""
    credit = service(Billing).queries.credit_of_account(context.principal(), query.account_id)
    return credit_out(query.account_id, credit)
