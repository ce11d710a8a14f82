"""Quote numbers are gap-free per series, also under concurrency and with refused creates."""

from __future__ import annotations

import threading
from typing import Any

API = "/api/sales/v1"


def test_concurrent_quotes_get_consecutive_numbers_and_refused_ones_take_none(
    client: Any, admin: dict, product: Any, directory: Any
) -> None:
    account = str(directory.add("Acme"))
    good = {"account_id": account, "lines": [{"product_id": product()["id"], "quantity": 1}]}
    bad = {
        "account_id": account,
        "lines": [{"product_id": product()["id"], "quantity": 1, "discount_percent": "101"}],
    }
    numbers: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(6)

    def create(body: dict) -> None:
        barrier.wait()
        resp = client.post(f"{API}/quotes", headers=admin, json=body)
        if resp.status_code == 201:
            with lock:
                numbers.append(resp.get_json()["number"])
        else:
            assert resp.status_code == 422

    threads = [
        threading.Thread(target=create, args=(bad if i % 3 == 0 else good,)) for i in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == [1, 2, 3, 4]
