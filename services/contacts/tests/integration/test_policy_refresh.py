"""A newer policy stored by the worker changes decisions in a running app within
``policy_refresh_seconds``, without a restart (the copy lives in the database)."""

import time
from dataclasses import replace

from crm.identity.v1 import events_pb2 as identity
from crm_access import POLICY_CHANGED
from crm_chassis.db import Database
from crm_chassis.events.envelope import Envelope
from crm_contacts.api.app import build_app
from crm_contacts.bootstrap import bootstrap, token_verifier
from crm_contacts.events.incoming import handlers

API = "/api/contacts/v1"


def test_a_policy_event_opens_a_record_within_the_refresh_interval(settings, org, create_account):
    org.save()
    account = create_account(owner_id=str(org.north))
    # A separately wired web process, as in production: it learns of changes only via the DB.
    web_settings = settings.model_copy(update={"policy_refresh_seconds": 0.5})
    web = bootstrap(web_settings, db=Database(settings.database_url))
    try:
        client = build_app(
            web, token_verifier(web_settings, web.db, web.access.store)
        ).test_client()
        url = f"{API}/accounts/{account['id']}"
        headers = org.headers(org.south)
        assert client.get(url, headers=headers).status_code == 404

        # The worker consumes identity.policy.changed.v1 (public read for accounts).
        event = Envelope.build(
            type=POLICY_CHANGED,
            source="identity",
            subject="policy",
            data=identity.PolicyChanged(
                snapshot_json=org.snapshot(sharing="public_read").to_json()
            ),
        )
        with org.service.db.transaction() as session:
            _policy_changed(org.service, session, event)

        deadline = time.monotonic() + web_settings.policy_refresh_seconds + 2.0
        status = 404
        while time.monotonic() < deadline and status != 200:
            status = client.get(url, headers=headers).status_code
            time.sleep(0.05)
        assert status == 200

        # An older snapshot (redelivered or reordered) does not undo it.
        stale = replace(org.snapshot(sharing="private"), version=1)
        with org.service.db.transaction() as session:
            _policy_changed(
                org.service,
                session,
                Envelope.build(
                    type=POLICY_CHANGED,
                    source="identity",
                    subject="policy",
                    data=identity.PolicyChanged(snapshot_json=stale.to_json()),
                ),
            )
        time.sleep(web_settings.policy_refresh_seconds + 0.1)
        assert client.get(url, headers=headers).status_code == 200
    finally:
        web.db.dispose()


def _policy_changed(service, session, envelope):
    for handler in handlers(service)[POLICY_CHANGED]:
        handler(session, envelope)
