"""The service's tables (SQLAlchemy Core), with the chassis's outbox/inbox, policy and HTTP tables.

A business table goes here and in a new migration (``migrations/versions``);
``tests/integration/test_migrations.py`` checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

from crm_access import add_policy_table
from crm_chassis.events.schema import add_event_tables
from crm_chassis.http.schema import add_http_tables
from crm_marketing.adapters.audience_tables import add_audience_tables
from crm_marketing.adapters.form_tables import add_form_tables

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

event_tables = add_event_tables(metadata)
# identity's access policy, the local copy every process decides with.
access_policy = add_policy_table(metadata)
idempotency_keys = add_http_tables(metadata)

# Audience: templates, mailing lists, segments, suppressions (h/audience).
audience = add_audience_tables(metadata)

# Mass mail (h/mailings): mailings, their send lists and link targets.
from crm_marketing.adapters import mailing_tables as _mailing_tables  # noqa: E402, F401

# Online lead forms and their submissions (adapters/form_tables.py, h/forms).
lead_forms, form_submissions = add_form_tables(metadata)
