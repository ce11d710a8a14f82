"""Marketing's cross-service reads for the caller-rights matrix
(tests/e2e/test_caller_rights_matrix.py), kept here so that module stays under 400 lines.

Marketing runs in its own suites; a proof is a case named ``marketing:...`` (proved in
tests/e2e/test_marketing_campaigns.py) or a test path the matrix checks exists.
"""

from __future__ import annotations

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
    ("marketing", "sales", "BatchGetLeads"): ("marketing:members", _AUDIENCE_MEMBERS),
    ("marketing", "contacts", "BatchGetContacts"): ("marketing:members", _AUDIENCE_MEMBERS),
    # The audience: the caller's token travels with every read (lists, previews).
    ("marketing", "contacts", "BatchGetAccounts"): (_AUDIENCE_PREVIEW,),
    ("marketing", "contacts", "ListContacts"): (_AUDIENCE_SEGMENT, _AUDIENCE_E2E),
    ("marketing", "sales", "ListLeads"): (_AUDIENCE_SEGMENT, _AUDIENCE_E2E),
    ("contacts", "marketing", "GetCampaign"): ("marketing:task_on_campaign",),
    ("sales", "marketing", "ListCampaignRoi"): ("marketing:kpis_roi",),
}
#: Cases proved in another module (its own suite of services).
PROVED_ELSEWHERE = {"marketing:members", "marketing:task_on_campaign", "marketing:kpis_roi"}
