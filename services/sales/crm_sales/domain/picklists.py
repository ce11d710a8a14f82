"""Pick lists shipped with the product (docs/domain.md, vtiger defaults)."""

from __future__ import annotations

LEAD_STATUSES = (
    "Not Contacted",
    "Attempted to Contact",
    "Contacted",
    "Contact in Future",
    "Pre Qualified",
    "Qualified",
    "Hot",
    "Warm",
    "Cold",
    "Lost Lead",
    "Junk Lead",
)
LEAD_SOURCES = (
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
RATINGS = ("Acquired", "Active", "Market Failed", "Project Cancelled", "Shutdown")
INDUSTRIES = (
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
SALUTATIONS = ("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.")
OPPORTUNITY_TYPES = ("Existing Business", "New Business")
# Sales stages in pipeline order with their default probability (percent).
SALES_STAGES: dict[str, int] = {
    "Prospecting": 10,
    "Qualification": 20,
    "Needs Analysis": 25,
    "Value Proposition": 30,
    "Id. Decision Makers": 40,
    "Perception Analysis": 50,
    "Proposal/Price Quote": 65,
    "Negotiation/Review": 80,
    "Closed Won": 100,
    "Closed Lost": 0,
}
CLOSED_WON, CLOSED_LOST = "Closed Won", "Closed Lost"
QUOTE_STAGES = ("Created", "Delivered", "Reviewed", "Accepted", "Rejected")
ORDER_STATUSES = ("Created", "Approved", "Delivered", "Cancelled")
PAYMENT_TERMS = ("Net 30 days", "Net 45 days", "Net 60 days")
TAX_CLASSES = ("SalesTax", "Vat")
USAGE_UNITS = (
    "Box",
    "Carton",
    "Dozen",
    "Each",
    "Hours",
    "Impressions",
    "Lb",
    "M",
    "Pack",
    "Pages",
    "Pieces",
    "Quantity",
    "Reams",
    "Sheet",
    "Spiral Binder",
    "Sq Ft",
)
INTEREST_LEVELS = ("Low", "Medium", "High")
