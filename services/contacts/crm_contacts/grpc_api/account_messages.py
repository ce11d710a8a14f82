"""Account rows straight to ``Account`` messages, for the batch read (``BatchGetAccounts``).

A batch of 100 spent most of its time building a domain ``Account`` per row (an
``Address`` per address, a dataclass ``__init__``) and then copying it field by field into
a message with ``Timestamp.FromDatetime``: 61 % of the gRPC process's samples (py-spy,
``tests/bench/profile_grpc.py``). Here each row becomes its message in one constructor
call with keyword arguments, from only the columns the
message needs. The message is the one ``protos.account(rows.account_from_row(row))``
builds; ``tests/grpc/test_batch_account_messages.py`` holds the two equal.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from crm.contacts.v1 import contacts_pb2 as pb
from crm_chassis.fields import Address
from crm_chassis.grpc.convert import timestamp
from crm_contacts.adapters.tables import accounts

_ADDRESSES = tuple(
    (f"{prefix}_address", tuple((k, f"{prefix}_{k}") for k in Address.FIELDS))
    for prefix in ("billing", "shipping")
)
_TEXTS = (
    "account_type",
    "industry",
    "website",
    "phone",
    "email",
    "description",
    "customer_code",
    "area",
    "fax",
    "rating",
)
_IDS = ("parent_id", "origin_lead_id")

#: The columns :func:`account_message` reads (no search or key columns).
COLUMNS: tuple[sa.Column[Any], ...] = tuple(
    accounts.c[name]
    for name in (
        "id",
        "name",
        "owner_id",
        "version",
        "tags",
        "created_at",
        "updated_at",
        "annual_revenue_amount",
        "annual_revenue_currency",
        "employees",
        *_TEXTS,
        *_IDS,
        *(column for _, parts in _ADDRESSES for _, column in parts),
    )
)


def account_message(row: Any) -> pb.Account:
    """The ``Account`` message of one row of :data:`COLUMNS`."""
    values = row._mapping
    fields: dict[str, Any] = {
        "id": str(values["id"]),
        "name": values["name"],
        "owner_id": str(values["owner_id"]),
        "version": values["version"],
        "tags": values["tags"] or (),
        "created_at": timestamp(values["created_at"]),
        "updated_at": timestamp(values["updated_at"]),
    }
    for name in _TEXTS:
        value = values[name]
        if value is not None:
            fields[name] = str(value)
    for name in _IDS:
        value = values[name]
        if value is not None:
            fields[name] = str(value)
    for name, parts in _ADDRESSES:
        address = {k: values[column] for k, column in parts if values[column] is not None}
        if address:
            fields[name] = pb.Address(**address)
    amount = values["annual_revenue_amount"]
    if amount is not None:
        # Through Decimal, as the domain's Money does: the same digits as every other read.
        currency = values["annual_revenue_currency"]
        fields["annual_revenue"] = pb.Money(amount=str(Decimal(amount)), currency=currency)
    if values["employees"] is not None:
        fields["employees"] = values["employees"]
    return pb.Account(**fields)
