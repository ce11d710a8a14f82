"""The envelope, dispatch patterns and the v1 migration of the event tables."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from google.protobuf import api_pb2

from crm_chassis.events import (
    Envelope,
    MalformedEvent,
    add_event_tables,
    create_event_tables_v1,
    drop_event_tables_v1,
    topic_matches,
)


def test_an_envelope_survives_the_wire_and_reads_payloads_tolerantly():
    method = api_pb2.Method(name="Convert", request_type_url="type.example/Lead")
    envelope = Envelope.build(
        type="sales.lead.converted.v1", source="sales", subject="lead-1", data=method
    )
    assert envelope.data == {"name": "Convert", "request_type_url": "type.example/Lead"}
    assert envelope.time.endswith("Z")
    assert envelope.correlation_id == envelope.id

    doc = json.loads(envelope.body())
    doc["data"]["added_by_a_newer_producer"] = 1
    doc["added_envelope_field"] = "x"
    again = Envelope.from_json(json.dumps(doc))
    assert again.id == envelope.id
    assert again.parse(api_pb2.Method) == method

    props = envelope.properties(attempt=2)
    assert props.message_id == envelope.id
    assert props.type == "sales.lead.converted.v1"
    assert props.delivery_mode == 2
    assert props.content_type == "application/json"
    assert props.headers["x-attempt"] == 2


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[1]",
        b'{"id": "x"}',
        b'{"id":"x","type":"a","source":"s","time":"t","subject":"s","data":[1]}',
        b"\xff\xfe",
    ],
)
def test_a_body_that_is_not_an_envelope_is_malformed(raw):
    with pytest.raises(MalformedEvent):
        Envelope.from_json(raw)


def test_event_types_must_be_versioned():
    with pytest.raises(ValueError):
        Envelope.build(type="sales.lead.converted", source="sales", subject="1")


@pytest.mark.parametrize(
    ("pattern", "key", "expected"),
    [
        ("sales.lead.converted.v1", "sales.lead.converted.v1", True),
        ("sales.lead.converted.v1", "sales.lead.converted.v2", False),
        ("sales.lead.*.v1", "sales.lead.converted.v1", True),
        ("sales.#", "sales.lead.converted.v1", True),
        ("#.v1", "sales.lead.converted.v1", True),
        ("sales.*", "sales.lead.converted.v1", False),
        ("#", "anything.at.all.v9", True),
    ],
)
def test_handler_keys_match_like_topic_bindings(pattern, key, expected):
    assert topic_matches(pattern, key) is expected


def test_the_v1_migration_builds_what_the_metadata_declares(db_url):
    engine = sa.create_engine(db_url)
    metadata = sa.MetaData()
    add_event_tables(metadata)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS outbox")
        conn.exec_driver_sql("DROP TABLE IF EXISTS inbox")
        create_event_tables_v1(Operations(MigrationContext.configure(conn)))
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, metadata) if "notes" not in str(d)]
        assert diffs == []
        names = {ix["name"] for ix in sa.inspect(conn).get_indexes("outbox")}
        assert {"ix_outbox_unpublished", "ix_outbox_published_at"} <= names
    with engine.begin() as conn:
        drop_event_tables_v1(Operations(MigrationContext.configure(conn)))
    assert not {"outbox", "inbox"} & set(sa.inspect(engine).get_table_names())
    engine.dispose()
