"""Pick lists shipped with the product (docs/domain.md, "Pick lists"; vtiger's defaults):
tuples of the values a field may take, checked on every write."""

from __future__ import annotations

#: vtiger's campaign types.
CAMPAIGN_TYPES = (
    "Conference",
    "Webinar",
    "Trade Show",
    "Public Relations",
    "Partners",
    "Referral Program",
    "Advertisement",
    "Banner Ads",
    "Direct Mail",
    "Email",
    "Telemarketing",
    "Others",
)
#: vtiger's expected response.
EXPECTED_RESPONSES = ("Excellent", "Good", "Average", "Poor")
#: vtiger's campaign member status (``campaignrelstatus``); its "--None--" is our
#: "Not Contacted", the status a member starts with.
NOT_CONTACTED = "Not Contacted"
CONTACTED_SUCCESSFUL = "Contacted - Successful"
CONTACTED_UNSUCCESSFUL = "Contacted - Unsuccessful"
NEVER_CONTACT_AGAIN = "Contacted - Never Contact Again"
MEMBER_STATUSES = (
    NOT_CONTACTED,
    CONTACTED_SUCCESSFUL,
    CONTACTED_UNSUCCESSFUL,
    NEVER_CONTACT_AGAIN,
)
#: What a campaign member is: a lead (sales) or a contact (contacts), referenced by id.
MEMBER_TYPES = ("lead", "contact")
DEFAULT_CURRENCY = "EUR"
