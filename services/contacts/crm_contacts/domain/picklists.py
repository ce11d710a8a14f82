"""Pick lists shipped with the service (vtiger's defaults; admins may edit them later)."""

from __future__ import annotations

ACCOUNT_TYPES: tuple[str, ...] = (
    "Analyst",
    "Competitor",
    "Customer",
    "Integrator",
    "Investor",
    "Partner",
    "Press",
    "Prospect",
    "Reseller",
    "Other",
)

INDUSTRIES: tuple[str, ...] = (
    "Apparel",
    "Banking",
    "Biotechnology",
    "Chemicals",
    "Communications",
    "Construction",
    "Consulting",
    "Education",
    "Electronics",
    "Energy",
    "Engineering",
    "Entertainment",
    "Environmental",
    "Finance",
    "Food & Beverage",
    "Government",
    "Healthcare",
    "Hospitality",
    "Insurance",
    "Machinery",
    "Manufacturing",
    "Media",
    "Not For Profit",
    "Recreation",
    "Retail",
    "Shipping",
    "Technology",
    "Telecommunications",
    "Transportation",
    "Utilities",
    "Other",
)

SALUTATIONS: tuple[str, ...] = ("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.")

LEAD_SOURCES: tuple[str, ...] = (
    "Cold Call",
    "Existing Customer",
    "Self Generated",
    "Employee",
    "Partner",
    "Public Relations",
    "Direct Mail",
    "Conference",
    "Trade Show",
    "Web Site",
    "Word of mouth",
    "Other",
)

RATINGS: tuple[str, ...] = (
    "Acquired",
    "Active",
    "Market Failed",
    "Project Cancelled",
    "Shutdown",
)
