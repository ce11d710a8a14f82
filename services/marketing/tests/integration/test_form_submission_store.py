"""The submissions table keeps one row per (form, client key): a concurrent retry that got
past the first look-up answers the stored one and records no second event."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from crm_marketing.domain.form_events import LeadCaptured
from crm_marketing.domain.forms import Form, FormField, FormSpec
from crm_marketing.domain.submissions import CapturedLead, Submission

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def test_a_second_row_with_the_same_client_key_is_not_stored(service, outbox):
    spec = FormSpec(name="F", fields=(FormField("mail", "Mail", type="email", maps_to="email"),))
    form = Form(uuid.uuid4(), spec, uuid.uuid4(), NOW, NOW)
    first = Submission(uuid.uuid4(), form.id, "accepted", NOW, "h", client_key="k")
    with service.uow() as tx:
        tx.forms.add(form)
        assert tx.submissions.add(first) is True
    lead = CapturedLead({"email": "a@b.example"}, {}, {})
    captured = LeadCaptured(first.id, form.id, None, None, "Web Site", lead, NOW)
    second = replace(first, id=uuid.uuid4(), events=[captured])
    with service.uow() as tx:
        assert tx.submissions.add(second) is False
        assert tx.submissions.by_client_key(form.id, "k").id == first.id
        assert tx.submissions.count_since(NOW, form_id=form.id) == 1
    assert outbox() == []
