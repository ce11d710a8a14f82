"""Migrations match the tables; numbers stay gap-free and unique under concurrency."""

import threading

from alembic import command

from crm_billing.adapters.repositories import Numbers
from crm_billing.config import MIGRATIONS_DIR
from crm_chassis.db.migrate import alembic_config


def test_the_migrations_build_exactly_the_declared_tables(db_url):
    command.check(alembic_config(MIGRATIONS_DIR, db_url))


def test_concurrent_documents_get_consecutive_unique_numbers(service):
    got: list[str] = []
    lock = threading.Lock()

    def take(n: int) -> None:
        for _ in range(n):
            with service.db.transaction() as session:
                number = Numbers(session).next("INV", 2026)
            with lock:
                got.append(number)

    threads = [threading.Thread(target=take, args=(10,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == [f"INV-2026-{n:06d}" for n in range(1, 41)]


def test_a_rolled_back_document_gives_its_number_back(service):
    try:
        with service.db.transaction() as session:
            assert Numbers(session).next("PO", 2026) == "PO-2026-000001"
            raise RuntimeError("the document was refused")
    except RuntimeError:
        pass
    with service.db.transaction() as session:
        assert Numbers(session).next("PO", 2026) == "PO-2026-000001"
