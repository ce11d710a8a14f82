"""contacts' and sales' messages -> Person: the consent flags travel, so consent can skip."""

from __future__ import annotations

import uuid

import pytest

from crm.contacts.v1 import contacts_pb2
from crm.sales.v1 import sales_pb2
from crm_marketing.adapters.people_protos import contact_person, lead_person
from crm_marketing.domain.consent import skip_reason


@pytest.mark.parametrize(("flag", "expected"), [(True, "do_not_contact"), (False, None)])
def test_a_do_not_contact_contact_is_skipped_with_that_reason(flag, expected):
    message = contacts_pb2.Contact(
        id=str(uuid.uuid4()), last_name="Lovelace", email="ada@x.org", do_not_contact=flag
    )
    person = contact_person(message, None)
    assert person.do_not_contact is flag
    assert skip_reason(person, {}, set()) == expected


@pytest.mark.parametrize(("flag", "expected"), [(True, "do_not_contact"), (False, None)])
def test_a_do_not_contact_lead_is_skipped_with_that_reason(flag, expected):
    message = sales_pb2.Lead(
        id=str(uuid.uuid4()), last_name="Hopper", email="grace@x.org", do_not_contact=flag
    )
    person = lead_person(message)
    assert person.do_not_contact is flag
    assert skip_reason(person, {}, set()) == expected


def test_the_e_mail_opt_out_still_travels_beside_it():
    message = sales_pb2.Lead(id=str(uuid.uuid4()), email="g@x.org", email_opt_out=True)
    assert skip_reason(lead_person(message), {}, set()) == "email_opt_out"
