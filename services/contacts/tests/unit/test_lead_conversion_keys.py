"""The match keys of a converted lead: normalised company names, web domains that are never
a mailbox provider's (from the maintained lists), sorted lock keys."""

import uuid

from crm_contacts.domain.duplicates import is_mailbox_provider, organisation_key, web_domain
from crm_contacts.domain.lead_conversions import account_fields, contact_fields, match_keys


def test_legal_forms_case_and_punctuation_do_not_make_another_company() -> None:
    keys = {organisation_key(n) for n in ("ACME, Ltd.", "Acme Limited", "acme inc", "Acme GmbH")}
    assert keys == {"acme"}
    assert organisation_key("Alpha Corp") != organisation_key("Beta Industries")


def test_free_mail_and_disposable_domains_are_no_company_domain() -> None:
    for domain in ("gmail.com", "yahoo.com", "gmx.de", "proton.me", "mailinator.com"):
        assert is_mailbox_provider(domain), domain
    assert not is_mailbox_provider("acme.example")
    assert web_domain(None, "alice@gmail.com") is None
    assert web_domain(None, "bob@Acme.Example") == "acme.example"
    assert web_domain("https://www.acme.example/about", "alice@gmail.com") == "acme.example"


def test_lock_keys_cover_the_lead_name_domain_and_email_in_one_order() -> None:
    lead = uuid.uuid4()
    keys = match_keys("Acme Ltd", None, "Ann@Acme.example").lock_keys(lead)
    assert keys == tuple(
        sorted((f"lead:{lead}", "org:acme", "domain:acme.example", "email:ann@acme.example"))
    )
    free = match_keys("Alpha Corp", None, "alice@gmail.com")
    assert free.domain is None and free.email == "alice@gmail.com"


def test_mapped_values_become_typed_fields_and_unknown_names_are_ignored() -> None:
    account = account_fields(
        {"name": "Acme", "employees": 12.0, "annual_revenue": "10.50", "owner_id": "x"}, ("vip",)
    )
    assert account.employees == 12 and str(account.annual_revenue.amount) == "10.50"
    assert account.owner_id is None and account.tags == ("vip",)
    contact = contact_fields({"department": "R&D", "mailing_address": {"city": "Leeds"}}, ())
    assert contact.department == "R&D" and contact.mailing_address.city == "Leeds"
    assert contact.last_name == "Unknown"


def test_a_do_not_contact_lead_becomes_a_do_not_contact_contact():
    assert contact_fields({"last_name": "L", "do_not_contact": True}, ()).do_not_contact is True
    # The flag may arrive as text (an event's or an older client's Struct): only "true" sets it.
    assert contact_fields({"last_name": "L", "do_not_contact": "True"}, ()).do_not_contact
    assert not contact_fields({"last_name": "L", "do_not_contact": "no"}, ()).do_not_contact
    assert not contact_fields({"last_name": "L"}, ()).do_not_contact
