"""The 360 view: local parts, remote parts over gRPC in parallel, degraded parts marked.

Sales and billing are played by fake gRPC servers whose API is defined here at run time
(packages ``crmtest.*``, so they never clash with the real protos when those land).
"""

from __future__ import annotations

import threading
import time
import uuid
from concurrent import futures

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

from crm.billing.v1 import billing_pb2, billing_pb2_grpc
from crm.sales.v1 import events_pb2, sales_pb2, sales_pb2_grpc
from crm_chassis.testing.processes import free_port
from crm_contacts.service import overview as overview_module

API = "/api/contacts/v1"
_STRING = descriptor_pb2.FieldDescriptorProto.TYPE_STRING
_INT = descriptor_pb2.FieldDescriptorProto.TYPE_INT32
_BOOL = descriptor_pb2.FieldDescriptorProto.TYPE_BOOL
_MESSAGE = descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE
_REPEATED = descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED


def _define(package, service, method, record, record_fields, request_fields):
    """Add a tiny proto file to the default pool; return (request, response, record) classes."""
    pool = descriptor_pool.Default()
    try:
        pool.FindServiceByName(f"{package}.{service}")
    except KeyError:
        fdp = descriptor_pb2.FileDescriptorProto(
            name=f"{package.replace('.', '/')}/fake.proto", package=package, syntax="proto3"
        )
        rec = fdp.message_type.add(name=record)
        for i, name in enumerate(record_fields, 1):
            rec.field.add(name=name, number=i, type=_STRING)
        req = fdp.message_type.add(name=f"{method}Request")
        for i, (name, kind) in enumerate(request_fields, 1):
            req.field.add(name=name, number=i, type=kind)
        resp = fdp.message_type.add(name=f"{method}Response")
        resp.field.add(
            name="items", number=1, type=_MESSAGE, label=_REPEATED, type_name=f".{package}.{record}"
        )
        resp.field.add(name="next_page_token", number=2, type=_STRING)
        fdp.service.add(name=service).method.add(
            name=method,
            input_type=f".{package}.{method}Request",
            output_type=f".{package}.{method}Response",
        )
        pool.Add(fdp)

    def cls(name):
        return message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{package}.{name}"))

    return cls(f"{method}Request"), cls(f"{method}Response"), cls(record)


class FakeService:
    """One gRPC server answering one list method with canned records (or slowly)."""

    def __init__(self, package, service, method, record, record_fields, request_fields, rows):
        self.request_cls, self.response_cls, self.record_cls = _define(
            package, service, method, record, record_fields, request_fields
        )
        self.rows, self.delay, self.seen = rows, 0.0, []
        self.port = free_port()
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        handler = grpc.unary_unary_rpc_method_handler(
            self._answer,
            request_deserializer=self.request_cls.FromString,
            response_serializer=self.response_cls.SerializeToString,
        )
        self.server.add_generic_rpc_handlers(
            [grpc.method_handlers_generic_handler(f"{package}.{service}", {method: handler})]
        )
        self.server.add_insecure_port(f"127.0.0.1:{self.port}")
        self.server.start()

    def _answer(self, request, context):
        self.seen.append((request, dict(context.invocation_metadata())))
        time.sleep(self.delay)
        return self.response_cls(items=[self.record_cls(**r) for r in self.rows])

    @property
    def target(self):
        return f"127.0.0.1:{self.port}"

    def stop(self):
        self.server.stop(0).wait()


@pytest.fixture
def remote(monkeypatch, service):
    sales = FakeService(
        "crmtest.sales.v1",
        "SalesService",
        "ListOpportunities",
        "Opportunity",
        ("id", "name", "account_id", "sales_stage", "amount", "currency"),
        (("account_id", _STRING), ("page_size", _INT), ("open_only", _BOOL)),
        [
            {
                "id": "o1",
                "name": "Open deal",
                "sales_stage": "Negotiation/Review",
                "amount": "1000.00",
                "currency": "EUR",
            },
            {"id": "o2", "name": "Done deal", "sales_stage": "Closed Won"},
        ],
    )
    billing = FakeService(
        "crmtest.billing.v1",
        "BillingService",
        "ListInvoices",
        "Invoice",
        ("id", "number", "status", "balance_due", "currency"),
        (("account_id", _STRING), ("page_size", _INT)),
        [
            {"id": "i1", "number": "INV-1", "balance_due": "100.00", "currency": "EUR"},
            {"id": "i2", "number": "INV-2", "balance_due": "50.50", "currency": "EUR"},
        ],
    )
    monkeypatch.setitem(overview_module.PACKAGES, "sales", "crmtest.sales.v1")
    monkeypatch.setitem(overview_module.PACKAGES, "billing", "crmtest.billing.v1")
    # Support has no API in this run at all.
    monkeypatch.setitem(overview_module.PACKAGES, "support", "crmtest.nothing.v1")
    yield sales, billing
    sales.stop()
    billing.stop()


@pytest.fixture
def overview_client(service, settings, remote):
    from crm_contacts.api.app import build_app
    from crm_contacts.bootstrap import bootstrap, token_verifier

    sales, billing = remote
    configured = settings.model_copy(
        update={
            "sales_grpc_target": sales.target,
            "billing_grpc_target": billing.target,
            "support_grpc_target": f"127.0.0.1:{free_port()}",
            "overview_timeout_seconds": 1.0,
        }
    )
    wired = bootstrap(configured, db=service.db)
    return build_app(
        wired, token_verifier(configured, service.db, service.access.store)
    ).test_client()


def test_the_360_view_gathers_every_part_and_passes_the_callers_token(
    overview_client, remote, create_account, create_contact, admin_headers, client
):
    sales, _billing = remote
    account = create_account(name="Globex")
    contact = create_contact(account_id=account["id"])
    client.post(
        f"{API}/tasks",
        headers=admin_headers,
        json={"title": "Renewal call", "related_type": "account", "related_id": account["id"]},
    )
    response = overview_client.get(
        f"{API}/accounts/{account['id']}/overview", headers=admin_headers
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["account"]["name"] == "Globex"
    assert [c["id"] for c in body["contacts"]["items"]] == [contact["id"]]
    assert [t["title"] for t in body["open_tasks"]["items"]] == ["Renewal call"]
    assert body["opportunities"]["status"] == "ok"
    assert [o["id"] for o in body["opportunities"]["items"]] == ["o1"]  # closed ones dropped
    assert body["invoices"]["status"] == "ok"
    assert body["invoices"]["balance"] == [{"amount": "150.50", "currency": "EUR"}]
    assert body["tickets"]["status"] == "not_available_yet"
    assert body["quotes"]["status"] == "not_available_yet"  # the fake sales has no ListQuotes
    request, metadata = sales.seen[0]
    assert request.account_id == account["id"] and request.open_only is True
    assert metadata["authorization"] == admin_headers["Authorization"]


def test_a_service_that_is_down_is_marked_unavailable_and_the_rest_still_answers(
    overview_client, remote, create_account, admin_headers
):
    _sales, billing = remote
    billing.stop()
    account = create_account()
    started = time.monotonic()
    body = overview_client.get(
        f"{API}/accounts/{account['id']}/overview", headers=admin_headers
    ).get_json()
    assert body["invoices"]["status"] == "unavailable"
    assert "items" not in body["invoices"]
    assert body["opportunities"]["status"] == "ok"
    assert body["account"]["id"] == account["id"]
    assert time.monotonic() - started < 3.0


def test_a_slow_service_costs_only_its_part_and_the_deadline(
    overview_client, remote, create_account, admin_headers
):
    sales, _billing = remote
    sales.delay = 3.0
    account = create_account()
    started = time.monotonic()
    body = overview_client.get(
        f"{API}/accounts/{account['id']}/overview", headers=admin_headers
    ).get_json()
    elapsed = time.monotonic() - started
    assert body["opportunities"]["status"] == "unavailable"
    assert body["invoices"]["status"] == "ok"
    assert elapsed < 2.5, elapsed  # parallel, bounded by the 1 s deadline, not 3 s


def test_the_360_view_of_an_invisible_account_is_404(
    overview_client, tokens, add_owner, create_account, service
):
    from crm_access.model import PolicySnapshot

    stranger = add_owner()
    service.access.store.save(
        PolicySnapshot.from_dict(
            {
                "version": 1,
                "users": [{"id": str(stranger.id), "role_id": "r"}],
                "roles": [{"id": "r", "name": "R", "profile_ids": ["p"]}],
                "profiles": [{"id": "p", "name": "P", "modules": {"accounts": ["view"]}}],
            }
        )
    )
    account = create_account()
    headers = {"Authorization": f"Bearer {tokens.issue(str(stranger.id))}"}
    response = overview_client.get(f"{API}/accounts/{account['id']}/overview", headers=headers)
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    # A caller without contacts/tasks rights gets those parts marked, not a failure.
    own = create_account(owner_id=str(stranger.id))
    body = overview_client.get(f"{API}/accounts/{own['id']}/overview", headers=headers)
    assert body.status_code == 200
    assert body.get_json()["contacts"] == {"status": "forbidden"}
    assert body.get_json()["open_tasks"] == {"status": "forbidden"}


def test_the_360_view_needs_a_token(overview_client):
    assert overview_client.get(f"{API}/accounts/{uuid.uuid4()}/overview").status_code == 401


def test_gathering_runs_in_parallel_threads(monkeypatch):
    """Unit check of the gatherer: five reads of 0.3 s finish together, not one by one."""
    from crm_contacts.domain.overview import OK, Answer
    from crm_contacts.service.overview import Overview, Sources

    class Slow:
        def __init__(self):
            self.threads = set()

        def read(self, remote, methods, request, *, token, timeout):
            self.threads.add(threading.get_ident())
            time.sleep(0.3)
            return Answer(OK, items=[{"id": methods[0]}])

    reads = Slow()
    gatherer = Overview(Sources("a:1", "b:1", "c:1", timeout=2.0), reads)
    started = time.monotonic()
    parts = gatherer.remote_parts(None, uuid.uuid4(), "token")
    assert time.monotonic() - started < 1.0
    assert len(reads.threads) == 5
    assert {p["status"] for p in parts.values()} == {"ok"}
    assert parts["invoices"]["balance"] == []


class RealSales(sales_pb2_grpc.SalesServiceServicer):
    """Sales played with its real generated stubs (crm.sales.v1)."""

    add = staticmethod(sales_pb2_grpc.add_SalesServiceServicer_to_server)

    def __init__(self, seen):
        self.seen = seen

    def ListOpportunities(self, request, context):
        self.seen.append(("opportunities", request.account_id, request.open_only))
        stages = ("Negotiation/Review", "Prospecting", "Closed Won")
        return sales_pb2.ListOpportunitiesResponse(
            opportunities=[
                events_pb2.Opportunity(
                    id=f"o{i}",
                    name=f"Deal {i}",
                    account_id=request.account_id,
                    sales_stage=stage,
                    amount="500.00",
                    currency="EUR",
                )
                # A server that ignores open_only still shows open deals only.
                for i, stage in enumerate(stages)
            ]
        )

    def ListQuotes(self, request, context):
        self.seen.append(("quotes", request.account_id, request.page_size))
        quotes = [
            sales_pb2.Quote(id=f"q{i}", number=f"QUO-{i}", account_id=request.account_id)
            for i in range(12)
        ]
        for i, q in enumerate(quotes):
            q.updated_at.FromSeconds(1_700_000_000 + i)
        return sales_pb2.ListQuotesResponse(quotes=quotes)


class RealBilling(billing_pb2_grpc.BillingServiceServicer):
    """Billing played with its real generated stubs (crm.billing.v1)."""

    add = staticmethod(billing_pb2_grpc.add_BillingServiceServicer_to_server)

    def __init__(self, seen):
        self.seen = seen

    def ListInvoices(self, request, context):
        self.seen.append(("invoices", request.account_id, request.page_size))
        invoice = billing_pb2.Invoice
        return billing_pb2.ListInvoicesResponse(
            invoices=[
                invoice(id="i1", number="INV-1", status="Sent", balance="10.00", currency="EUR"),
                invoice(
                    id="i2", number="INV-2", status="Cancelled", balance="99.00", currency="EUR"
                ),
                invoice(id="i3", number="INV-3", status="Overdue", balance="5.25", currency="USD"),
            ]
        )


def _serve(servicer):
    """Run a servicer on a free port; return (server, host:port)."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    servicer.add(servicer, server)
    port = free_port()
    server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    return server, f"127.0.0.1:{port}"


@pytest.fixture
def real_apis():
    """Sales and billing played with their real generated stubs (crm.sales.v1, crm.billing.v1)."""
    seen = []
    sales, sales_target = _serve(RealSales(seen))
    billing, billing_target = _serve(RealBilling(seen))
    yield {"sales": sales_target, "billing": billing_target}, seen
    for server in (sales, billing):
        server.stop(0).wait()


def test_the_360_view_reads_the_real_sales_and_billing_apis(
    service, settings, real_apis, create_account, admin_headers
):
    from crm_contacts.api.app import build_app
    from crm_contacts.bootstrap import bootstrap, token_verifier

    targets, seen = real_apis
    configured = settings.model_copy(
        update={
            "sales_grpc_target": targets["sales"],
            "billing_grpc_target": targets["billing"],
            "support_grpc_target": f"127.0.0.1:{free_port()}",
            "overview_timeout_seconds": 1.0,
        }
    )
    wired = bootstrap(configured, db=service.db)
    app = build_app(wired, token_verifier(configured, service.db, service.access.store))
    account = create_account()
    body = (
        app.test_client()
        .get(f"{API}/accounts/{account['id']}/overview", headers=admin_headers)
        .get_json()
    )
    assert body["quotes"]["status"] == "ok"
    assert [q["id"] for q in body["quotes"]["items"]][:3] == ["q11", "q10", "q9"]  # newest
    assert len(body["quotes"]["items"]) == 10
    assert body["orders"]["status"] == "not_available_yet"  # UNIMPLEMENTED by this server
    assert body["invoices"]["status"] == "ok"
    assert body["invoices"]["balance"] == [
        {"amount": "10.00", "currency": "EUR"},
        {"amount": "5.25", "currency": "USD"},
    ]
    assert body["invoices"]["balance_complete"] is True
    assert body["opportunities"]["status"] == "ok"
    assert [o["id"] for o in body["opportunities"]["items"]] == ["o0", "o1"]
    assert body["opportunities"]["items"][0]["amount"] == "500.00"
    assert ("quotes", account["id"], 200) in seen and ("invoices", account["id"], 500) in seen
    assert ("opportunities", account["id"], True) in seen
