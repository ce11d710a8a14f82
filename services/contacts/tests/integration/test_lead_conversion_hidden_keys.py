"""Issue 12 case 2: lead conversion matches only on fields the converter may see. A key made
from a field hidden in the caller's profile (the account's name; its website or e-mail for
the web domain; the contact's e-mail) is not matched on, as if the field did not exist: the
lead gets a new account or contact, and the answer confirms nothing of the hidden value."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from crm_chassis.auth.principal import Principal
from crm_contacts.domain.commands import ConvertLead


def _convert(service: Any, caller: Principal, owner_id: uuid.UUID, **kw: Any) -> Any:
    company, email = kw.pop("company"), kw.pop("email")
    cmd = ConvertLead(
        lead_id=uuid.uuid4(),
        owner_id=owner_id,
        account={"name": company, "email": email},
        contact={"last_name": "Lovelace", "email": email},
        email=email,
    )
    return service.run(cmd, caller=caller)


@pytest.fixture
def first(service: Any, org: Any) -> Any:
    """The south rep's converted lead: account "Initech" at initech.example, one contact."""
    org.save(sharing="public_read_write")
    south = Principal(subject=str(org.south))
    return _convert(service, south, org.south, company="Initech", email="bill@initech.example")


@pytest.mark.parametrize(
    ("account_fields", "contact_fields", "company", "email", "same_account", "same_contact"),
    [
        # Nothing hidden: the name matches the account, the e-mail the contact.
        ({}, {}, "INITECH", "bill@initech.example", True, True),
        # A hidden name: no match on it; the domain (visible) still finds the account.
        ({"name": "hidden"}, {}, "Initech", "peter@initech.example", True, False),
        # Hidden website and e-mail: no domain key; the name (visible) differs.
        (
            {"website": "hidden", "email": "hidden"},
            {},
            "Other Co",
            "p@initech.example",
            False,
            False,
        ),
        # Every account key hidden: a new account even for the same name and domain.
        (
            {"name": "hidden", "email": "hidden", "website": "hidden"},
            {},
            "Initech",
            "peter@initech.example",
            False,
            False,
        ),
        # The contact's e-mail hidden: a new contact (the account still matches by name).
        ({}, {"email": "hidden"}, "Initech", "bill@initech.example", True, False),
    ],
)
def test_matching_skips_keys_of_hidden_fields(
    service, org, first, account_fields, contact_fields, company, email, same_account, same_contact
):
    org.save(
        sharing="public_read_write", account_fields=account_fields, contact_fields=contact_fields
    )
    north = Principal(subject=str(org.north))
    result = _convert(service, north, org.north, company=company, email=email)
    assert (result.account_id == first.account_id) is same_account
    assert result.existing_account is same_account
    assert (result.contact_id == first.contact_id) is same_contact
