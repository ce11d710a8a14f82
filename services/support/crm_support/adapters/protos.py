"""Domain objects -> protobuf messages shared by gRPC answers and integration events."""

from __future__ import annotations

from crm.support.v1 import tickets_pb2 as tk
from crm_chassis.grpc.convert import optional_timestamp, text
from crm_support.domain.tickets import Ticket


def ticket_message(x: Ticket) -> tk.Ticket:
    return tk.Ticket(
        id=str(x.id),
        number=x.number,
        title=x.title,
        description=text(x.description),
        account_id=text(x.account_id),
        contact_id=text(x.contact_id),
        product_id=text(x.product_id),
        priority=x.priority,
        severity=text(x.severity),
        category=text(x.category),
        status=x.status,
        channel=x.channel,
        owner_id=text(x.owner_id),
        owner_kind=text(x.owner_kind),
        time_spent_minutes=x.time_spent_minutes,
        resolution=text(x.resolution),
        parent_ticket_id=text(x.parent_ticket_id),
        created_by=x.created_by,
        created_at=optional_timestamp(x.created_at),
        updated_at=optional_timestamp(x.updated_at),
        first_response_at=optional_timestamp(x.first_response_at),
        closed_at=optional_timestamp(x.closed_at),
        version=x.version,
    )
