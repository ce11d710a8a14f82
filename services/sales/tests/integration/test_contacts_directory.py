"""The ConvertLead client: contacts unreachable is Unavailable (503), and no token, no call."""

import socket
import uuid
from typing import Any

import pytest

from crm_chassis.errors import Unavailable
from crm_sales.adapters.contacts_directory import ContactsDirectory
from crm_sales.domain.ports import LeadConversionRequest


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request() -> LeadConversionRequest:
    return LeadConversionRequest(
        lead_id=uuid.uuid4(),
        owner_id=uuid.uuid4(),
        account={"name": "Acme", "employees": 3, "billing_address": {"city": "Leeds"}},
        contact={"last_name": "Lee", "email": "lee@acme.example"},
    )


def test_contacts_down_is_unavailable(settings: Any) -> None:
    down = settings.model_copy(
        update={
            "contacts_grpc_target": f"127.0.0.1:{_closed_port()}",
            "contacts_timeout_seconds": 1.0,
        }
    )
    directory = ContactsDirectory(down)
    with pytest.raises(Unavailable):
        directory.convert_lead(_request(), token="a-token")
    with pytest.raises(Unavailable):
        directory.convert_lead(_request(), token=None)
