"""Marketing's cross-service reads for the caller-rights matrix
(tests/e2e/test_caller_rights_matrix.py), kept here so that module stays under 400 lines.

Marketing runs in its own suites; a proof is a test path the matrix checks exists.
"""

from __future__ import annotations

_CAMPAIGNS = "tests/e2e/test_marketing_campaigns.py::"
_MEMBERS = _CAMPAIGNS + "test_members_are_checked_as_the_caller_without_leaking"
_AUDIENCE_API = "services/marketing/tests/api/"
_AUDIENCE_MEMBERS = (
    _AUDIENCE_API
    + "test_lists_api.py::test_an_invisible_member_is_a_422_naming_it_and_nothing_is_added"
)
_AUDIENCE_SEGMENT = (
    _AUDIENCE_API
    + "test_lists_api.py::test_a_segment_is_saved_changed_and_previewed_with_the_callers_token"
)
_AUDIENCE_PREVIEW = (
    _AUDIENCE_API
    + "test_templates_api.py::test_preview_renders_for_a_contact_with_the_callers_token"
)
_AUDIENCE_E2E = (
    "tests/e2e/test_marketing_audience.py::test_a_segment_preview_pages_through_contacts_and_sales"
)

#: (calling service, called service, RPC) -> the proofs.
MARKETING_PATHS: dict[tuple[str, str, str], tuple[str, ...]] = {
    # Campaign members (h/campaigns) and mailing-list members (h/audience).
    ("marketing", "sales", "BatchGetLeads"): (_MEMBERS, _AUDIENCE_MEMBERS),
    ("marketing", "contacts", "BatchGetContacts"): (_MEMBERS, _AUDIENCE_MEMBERS),
    # The audience: the caller's token travels with every read (lists, previews).
    ("marketing", "contacts", "BatchGetAccounts"): (_AUDIENCE_PREVIEW,),
    ("marketing", "contacts", "ListContacts"): (_AUDIENCE_SEGMENT, _AUDIENCE_E2E),
    ("marketing", "sales", "ListLeads"): (_AUDIENCE_SEGMENT, _AUDIENCE_E2E),
    ("contacts", "marketing", "GetCampaign"): (
        _CAMPAIGNS + "test_a_task_on_a_campaign_is_checked_as_the_caller",
    ),
    ("sales", "marketing", "ListCampaignRoi"): (
        _CAMPAIGNS + "test_a_converted_and_won_lead_shows_in_the_campaigns_roi_and_sales_kpis",
    ),
}
