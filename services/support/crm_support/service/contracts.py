"""Service contract use cases: create, change, cancel, and the scheduled check.

Usage is computed from the account's tickets in the contract period whenever it is needed
(``tx.facts.usage``), never kept as a counter. The status follows it: at once when the
contract itself changes, and by the worker's check (``CheckContracts``, every
``SUPPORT_CONTRACT_CHECK_SECONDS``) when tickets change. Why not in the ticket's own
transaction: tickets' use cases stay unaware of contracts (h/tickets owns them), two ticket
changes of one account never contend on a contract row, and the numbers shown are exact
on every read anyway; only the status and its events lag, by at most one check interval.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from crm_access import RecordAccess
from crm_chassis.auth.principal import Principal
from crm_chassis.errors import FieldError, InvalidFields, RecordNotFound, VersionMismatch
from crm_support.domain.contract_commands import (
    CancelContract,
    CheckContracts,
    CreateContract,
    UpdateContract,
)
from crm_support.domain.contracts import ServiceContract
from crm_support.domain.ports import References
from crm_support.service.access import SERVICE_CONTRACTS
from crm_support.service.contract_rules import ContractRules
from crm_support.service.unit_of_work import UnitOfWork, UnitOfWorkFactory


def _given(cmd: CreateContract) -> list[str]:
    return [n for n, v in vars(cmd.fields).items() if v is not None]


def create_contract(
    cmd: CreateContract,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    references: References,
    contract_rules: ContractRules,
    caller: Principal,
) -> ServiceContract:
    """Create a contract for an account the caller can see in contacts."""
    access.require(caller, SERVICE_CONTRACTS, "create")
    access.check_writable(caller, SERVICE_CONTRACTS, _given(cmd))
    fields = cmd.fields
    if fields.owner_id is None:
        fields = type(fields)(**{**vars(fields), "owner_id": UUID(caller.subject)})
    else:
        access.check_owner(fields.owner_id, groups=False)
    now = contract_rules.now()
    probe = ServiceContract.create(
        id=uuid.uuid4(),
        number="",
        account_id=cmd.account_id,
        now=now,
        created_by=UUID(caller.subject),
        fields=fields,
    )
    # Fields first (422 naming them), then the network call.
    if not references.account_exists(cmd.account_id, token=cmd.token):
        raise InvalidFields([FieldError("account_id", "is not an account you can see")])
    with uow() as tx:
        _check_policy(tx, probe)
        probe.number = tx.contracts.next_number(now.year)
        tx.contracts.add(probe)
        _follow(tx, probe, contract_rules)
        tx.contracts.save(probe)
    return probe


def update_contract(
    cmd: UpdateContract,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    contract_rules: ContractRules,
    caller: Principal,
) -> ServiceContract:
    """Change the sent fields (412 on a stale If-Match; 409 once final)."""
    access.require(caller, SERVICE_CONTRACTS, "edit")
    access.check_writable(caller, SERVICE_CONTRACTS, cmd.sent)
    if "owner_id" in cmd.sent and cmd.fields.owner_id is not None:
        access.check_owner(cmd.fields.owner_id, groups=False)
    with uow() as tx:
        contract = _visible(tx, access, caller, cmd.contract_id, "edit")
        contract.update(
            cmd.fields, cmd.sent, now=contract_rules.now(), expected_version=cmd.expected_version
        )
        if "sla_policy_id" in cmd.sent:
            _check_policy(tx, contract)
        _follow(tx, contract, contract_rules)
        tx.contracts.save(contract)
    return contract


def cancel_contract(
    cmd: CancelContract,
    *,
    uow: UnitOfWorkFactory,
    access: RecordAccess,
    contract_rules: ContractRules,
    caller: Principal,
) -> ServiceContract:
    """End a contract early (409 once final)."""
    access.require(caller, SERVICE_CONTRACTS, "edit")
    with uow() as tx:
        contract = _visible(tx, access, caller, cmd.contract_id, "edit")
        if cmd.expected_version is not None and cmd.expected_version != contract.version:
            raise VersionMismatch(cmd.expected_version, contract.version)
        contract.cancel(now=contract_rules.now())
        tx.contracts.save(contract)
    return contract


def check_contracts(
    cmd: CheckContracts, *, uow: UnitOfWorkFactory, contract_rules: ContractRules
) -> int:
    """Move every live contract along its dates and usage; send due review reminders.

    One short transaction per batch; each contract is re-read under its lock, so two
    workers (or a user's change) never announce the same thing twice.
    """
    changed, after = 0, None
    while True:
        with uow() as tx:
            ids = tx.contracts.live_ids(after=after, limit=cmd.batch_size)
            for contract_id in ids:
                contract = tx.contracts.get(contract_id)
                if contract is None:
                    continue
                moved = _follow(tx, contract, contract_rules)
                reminded = contract.review_due(
                    now=contract_rules.now(), lead_days=contract_rules.review_lead_days
                )
                changed += int(moved or reminded)
                tx.contracts.save(contract)
        if len(ids) < cmd.batch_size:
            return changed
        after = ids[-1]


def _check_policy(tx: UnitOfWork, contract: ServiceContract) -> None:
    """The SLA policy a contract grants must be one of h/sla's (422 naming it)."""
    policy = contract.sla_policy_id
    if policy is not None and not tx.contracts.policy_exists(policy):
        raise InvalidFields([FieldError("sla_policy_id", "is not an SLA policy")])


def _follow(tx: UnitOfWork, contract: ServiceContract, rules: ContractRules) -> bool:
    usage = tx.facts.usage(contract.account_id, contract.start_date, contract.end_date)
    return contract.follow(usage, now=rules.now(), day_minutes=rules.day_minutes)


def _visible(
    tx: UnitOfWork, access: RecordAccess, caller: Principal, contract_id: UUID, action: str
) -> ServiceContract:
    contract = tx.contracts.get(contract_id)
    if contract is None or not access.can_see(caller, SERVICE_CONTRACTS, contract):
        raise RecordNotFound("Service contract", contract_id)
    access.require_on(caller, SERVICE_CONTRACTS, action, contract)
    return contract
