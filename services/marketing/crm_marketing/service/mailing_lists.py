"""Static mailing lists: create, rename, delete; add members (validated), remove one.

Each list has an owner (the caller unless named): record-level access as for campaigns
(``service/audience_access.py``).
"""

from __future__ import annotations

import uuid

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.db.types import utcnow
from crm_chassis.errors import FieldError, RecordNotFound, VersionMismatch
from crm_marketing.adapters.list_store import ListStore
from crm_marketing.domain.audience_commands import (
    AddListMembers,
    ChangeMailingList,
    CreateMailingList,
    DeleteMailingList,
    RemoveListMember,
)
from crm_marketing.domain.audience_errors import InvalidList
from crm_marketing.domain.mailing_lists import MailingList, MembersAdded, check_ids
from crm_marketing.domain.ports import People
from crm_marketing.service.audience_access import (
    CREATE,
    DELETE,
    EDIT,
    RECORD_MODULES,
    check_new_owner,
    owner_for,
    require,
    visible,
)
from crm_marketing.service.unit_of_work import UnitOfWorkFactory


def create_mailing_list(
    cmd: CreateMailingList, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> MailingList:
    require(access, caller, CREATE)
    found = MailingList.create(
        id=uuid.uuid4(),
        name=cmd.name,
        description=cmd.description,
        by=caller.subject,
        now=utcnow(),
        owner_id=owner_for(access, caller, cmd.owner_id),
    )
    with uow() as tx:
        ListStore(tx.session).add_list(found)
    return found


def change_mailing_list(
    cmd: ChangeMailingList, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> MailingList:
    require(access, caller, EDIT)
    check_new_owner(access, cmd.sent, cmd.owner_id)
    with uow() as tx:
        store = ListStore(tx.session)
        found = _list(store, cmd.list_id, access, caller, "edit", for_update=True)
        if cmd.expected_version is not None and cmd.expected_version != found.version:
            raise VersionMismatch(cmd.expected_version, found.version)
        found.rename(cmd.name, cmd.description, set(cmd.sent), utcnow(), cmd.owner_id)
        store.save_list(found)
    return found


def delete_mailing_list(
    cmd: DeleteMailingList, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require(access, caller, DELETE)
    with uow() as tx:
        store = ListStore(tx.session)
        _list(store, cmd.list_id, access, caller, "delete", for_update=True)
        if not store.delete_list(cmd.list_id):
            raise RecordNotFound("Mailing list", cmd.list_id)


def add_list_members(
    cmd: AddListMembers,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    people: People,
    caller: Principal,
) -> MembersAdded:
    """Add the given contacts and leads; every id must name a record the caller may see
    (else 422 naming them, and nothing is added); ids already on the list count as
    ``already``."""
    require(access, caller, EDIT)
    check_ids(list(cmd.contact_ids), list(cmd.lead_ids))
    wanted = {
        "contact": list(dict.fromkeys(cmd.contact_ids)),
        "lead": list(dict.fromkeys(cmd.lead_ids)),
    }
    for kind, ids in wanted.items():
        if ids:
            require(access, caller, (RECORD_MODULES[kind], "view"))
    with uow() as tx:
        _list(ListStore(tx.session), cmd.list_id, access, caller, "edit")
    # Read before the transaction: no row lock is held while contacts and sales answer.
    _check_visible(people, wanted, cmd.token)
    now, added, total = utcnow(), 0, 0
    with uow() as tx:
        store = ListStore(tx.session)
        _list(store, cmd.list_id, access, caller, "edit", for_update=True)
        for kind, ids in wanted.items():
            added += store.add_members(cmd.list_id, kind, ids, caller.subject, now)
            total += len(ids)
    return MembersAdded(added=added, already=total - added)


def remove_list_member(
    cmd: RemoveListMember, *, uow: UnitOfWorkFactory, access: RecordAccess, caller: Principal
) -> None:
    require(access, caller, EDIT)
    with uow() as tx:
        store = ListStore(tx.session)
        _list(store, cmd.list_id, access, caller, "edit")
        if not store.remove_member(cmd.list_id, cmd.kind, cmd.member_id):
            raise RecordNotFound("Mailing list member", cmd.member_id)


def _check_visible(people: People, wanted: dict[str, list[uuid.UUID]], token: str | None) -> None:
    errors = []
    for kind, ids in wanted.items():
        if not ids:
            continue
        found = {p.id for p in people.get_many(kind, ids, token=token)}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            errors.append(
                FieldError(f"{kind}_ids", f"not found or not visible: {', '.join(missing)}")
            )
    if errors:
        raise InvalidList("Some members cannot be added.", errors=errors)


def _list(
    store: ListStore,
    list_id: uuid.UUID,
    access: RecordAccess,
    caller: Principal,
    action: str,
    *,
    for_update: bool = False,
) -> MailingList:
    """The list: 404 when absent or not visible to the caller, 403 when not ``action``-able."""
    found = store.get_list(list_id, for_update=for_update)
    return visible(access, caller, found, "Mailing list", list_id, action)
