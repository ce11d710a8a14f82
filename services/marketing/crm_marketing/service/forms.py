"""Use cases of online lead forms: define and revise a form (staff), submit it (public).

Forms belong to the campaigns module (``FORMS``): the caller needs its create/edit action,
and record access follows the form's owner like any owned record. A public submission has
no caller: the form, its stamp and its limits are the only gate (domain/submissions.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from uuid import UUID, uuid4

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db.types import utcnow
from crm_chassis.errors import FieldError, InvalidFields, RecordNotFound, VersionMismatch
from crm_marketing.domain.form_commands import DefineForm, ReviseForm, SubmitForm
from crm_marketing.domain.form_events import LeadCaptured
from crm_marketing.domain.form_ports import CampaignCheck, FormStamps
from crm_marketing.domain.forms import Form, FormSpec, check_spec
from crm_marketing.domain.submissions import (
    ACCEPTED,
    REJECTED,
    Refusal,
    Submission,
    Visit,
    check_values,
    lead_of,
    screen,
)
from crm_marketing.service.access import CAMPAIGNS, FORMS
from crm_marketing.service.unit_of_work import UnitOfWorkFactory

WEB_SITE = "Web Site"
WINDOW = timedelta(hours=1)
#: What a rejected submission keeps of each value (enough for staff to judge it).
KEPT_CHARS = 500


@dataclass(frozen=True)
class _Owned:
    """A record seen only through its owner (what record access decides on)."""

    owner_id: UUID


def _check_references(
    spec: FormSpec,
    owner_id: UUID | None,
    access: RecordAccess,
    campaigns: CampaignCheck,
    caller: Principal,
) -> None:
    """422 naming each reference that does not exist (campaign, lead owner, form owner);
    a campaign the caller may not see does not exist for it."""
    errors: list[FieldError] = []
    if spec.campaign_id is not None:
        owner = campaigns.owner_of(spec.campaign_id)
        seen = owner is not None and access.can_see(caller, CAMPAIGNS, _Owned(owner))
        if not seen:
            errors.append(FieldError("campaign_id", "no such campaign"))
    for name, value in (("lead_owner_id", spec.lead_owner_id), ("owner_id", owner_id)):
        if value is not None and not access.is_owner(value):
            errors.append(FieldError(name, "must be an active user or group"))
    if errors:
        raise InvalidFields(errors)


def define_form(
    cmd: DefineForm,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    form_campaigns: CampaignCheck,
    caller: Principal,
) -> Form:
    """A new form, active at once (it accepts submissions as soon as it is embedded)."""
    access.require(caller, FORMS, "create")
    spec = check_spec(cmd.spec)
    _check_references(spec, cmd.owner_id, access, form_campaigns, caller)
    now = utcnow()
    owner = cmd.owner_id or UUID(caller.subject)
    form = Form(id=uuid4(), spec=spec, owner_id=owner, created_at=now, updated_at=now)
    with uow() as tx:
        tx.forms.add(form)
    return form


def revise_form(
    cmd: ReviseForm,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    form_campaigns: CampaignCheck,
    caller: Principal,
) -> Form:
    """Change what the caller sent (spec attributes, owner, status: active <-> inactive)."""
    access.require(caller, FORMS, "edit")
    with uow() as tx:
        form = tx.forms.find(cmd.form_id)
        if form is None or not access.can_see(caller, FORMS, form):
            raise RecordNotFound("Form", cmd.form_id)
        access.require_on(caller, FORMS, "edit", form)
        if cmd.expected_version is not None and cmd.expected_version != form.version:
            raise VersionMismatch(cmd.expected_version, form.version)
        changes = {k: getattr(cmd.spec, k) for k in cmd.sent if hasattr(cmd.spec, k)}
        spec = check_spec(replace(form.spec, **changes))
        owner = cmd.owner_id if "owner_id" in cmd.sent else None
        _check_references(spec, owner, access, form_campaigns, caller)
        now = utcnow()
        if cmd.status is not None and cmd.status != form.status:
            form.become(cmd.status, now=now)
        if changes or owner:
            form.owner_id = owner or form.owner_id
            form.revise(spec, now=now)
        tx.forms.save(form)
    return form


def submit_form(
    cmd: SubmitForm, *, uow: UnitOfWorkFactory, stamps: FormStamps, form_ip_limit: int
) -> Submission:
    """Judge a public submission (domain/submissions.py), store it with its verdict and,
    when accepted, record LeadCaptured in the same transaction (through the outbox).

    A client key seen before answers the first submission again and records nothing.
    Rate-limit refusals come back unsaved (status rejected), so a flood writes nothing.
    """
    now = utcnow()
    with uow() as tx:
        form = tx.forms.find(cmd.form_id)
        if form is None:
            raise RecordNotFound("Form", cmd.form_id)
        if cmd.client_key:
            prior = tx.submissions.by_client_key(form.id, cmd.client_key)
            if prior is not None:
                return prior
        ip_hash = stamps.address_hash(cmd.client_address)
        visit = Visit(
            origin=cmd.origin,
            honeypot=cmd.honeypot,
            stamp_age=stamps.age(cmd.stamp, form.id) if cmd.stamp else None,
            hits_from_ip=tx.submissions.count_since(now - WINDOW, ip_hash=ip_hash),
            hits_on_form=tx.submissions.count_since(now - WINDOW, form_id=form.id),
        )
        refusal = screen(form, visit, ip_limit_per_hour=form_ip_limit)
        values, errors = check_values(form, cmd.values) if refusal is None else ({}, [])
        if refusal is None and errors:
            refusal = Refusal("invalid", tuple(errors))
        submission = Submission(
            id=uuid4(),
            form_id=form.id,
            status=REJECTED if refusal else ACCEPTED,
            created_at=now,
            ip_hash=ip_hash,
            reason=refusal.reason if refusal else None,
            detail=refusal.message if refusal else None,
            origin=(cmd.origin or "")[:300] or None,
            client_key=cmd.client_key,
            values=values if refusal is None else _kept(form, cmd.values),
            errors=refusal.errors if refusal else (),
            campaign_id=form.spec.campaign_id,
        )
        if refusal is not None and not refusal.stored:
            return submission
        if refusal is None:
            submission.events.append(_captured(form, submission))
        if not tx.submissions.add(submission) and cmd.client_key:
            return tx.submissions.by_client_key(form.id, cmd.client_key) or submission
    return submission


def _kept(form: Form, raw: dict[str, str]) -> dict[str, str]:
    return {f.name: raw[f.name][:KEPT_CHARS] for f in form.spec.fields if raw.get(f.name)}


def _captured(form: Form, submission: Submission) -> LeadCaptured:
    return LeadCaptured(
        submission_id=submission.id,
        form_id=form.id,
        campaign_id=form.spec.campaign_id,
        lead_owner_id=form.spec.lead_owner_id,
        lead_source=WEB_SITE,
        lead=lead_of(form, submission.values),
        captured_at=submission.created_at,
    )
