"""Links whose path is their capability (support's survey link, marketing's unsubscribe
link) leave no line in the gateway's access log; other requests still do."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from crm_suite_testing.gateway import TraefikProcess

pytestmark = pytest.mark.timeout(120)


def test_link_tokens_stay_out_of_the_access_log(
    gateway_factory: Callable[..., TraefikProcess],
) -> None:
    gw = gateway_factory()
    token = "eyJsaW5rIjoxfQ.Zm9v." + uuid.uuid4().hex
    marker = uuid.uuid4().hex
    requests.get(f"{gw.web_url}/api/support/v1/feedback/{token}", timeout=10)
    requests.post(f"{gw.web_url}/api/marketing/v1/unsubscribe/{token}", timeout=10)
    requests.get(f"{gw.web_url}/api/marketing/v1/unsubscribe/{token}", timeout=10)
    requests.get(f"{gw.web_url}/api/contacts/v1/accounts/{marker}", timeout=10)
    log = Path(gw.access_log)
    deadline = time.monotonic() + 10
    while marker not in (text := log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marker in text  # the access log is written, and this request is in it
    assert token not in text
    assert "/feedback/" not in text and "/unsubscribe/" not in text
