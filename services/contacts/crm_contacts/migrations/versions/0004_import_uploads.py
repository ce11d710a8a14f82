"""Background imports: queued jobs with a lease, progress columns, and the uploaded files.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Uploads live in the database (``import_uploads``, 1 MiB chunks) rather than in a file of the
web role's data directory: the worker that takes the job may run in another process, pod or
machine, and both SQLite (one file every role opens) and PostgreSQL reach every role.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crm_chassis.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_JOB_COLUMNS = (
    ("rows_total", lambda: sa.Column("rows_total", sa.Integer)),
    (
        "batches_committed",
        lambda: sa.Column("batches_committed", sa.Integer, nullable=False, server_default="0"),
    ),
    ("mapping", lambda: sa.Column("mapping", sa.JSON)),
    ("principal", lambda: sa.Column("principal", sa.JSON)),
    ("upload_bytes", lambda: sa.Column("upload_bytes", sa.BigInteger)),
    ("claimed_by", lambda: sa.Column("claimed_by", sa.String(200))),
    ("lease_until", lambda: sa.Column("lease_until", UTCDateTime)),
    ("attempts", lambda: sa.Column("attempts", sa.Integer, nullable=False, server_default="0")),
)


def upgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch:
        for _, column in _JOB_COLUMNS:
            batch.add_column(column())
    # The worker's poll: queued jobs oldest first, and running ones whose lease ran out.
    op.create_index("ix_import_jobs_status_created_at", "import_jobs", ["status", "created_at"])
    op.create_table(
        "import_uploads",
        sa.Column("job_id", sa.Uuid, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["import_jobs.id"],
            ondelete="CASCADE",
            name="fk_import_uploads_job_id_import_jobs",
        ),
        sa.PrimaryKeyConstraint("job_id", "seq", name="pk_import_uploads"),
    )


def downgrade() -> None:
    op.drop_table("import_uploads")
    op.drop_index("ix_import_jobs_status_created_at", "import_jobs")
    with op.batch_alter_table("import_jobs") as batch:
        for name, _ in reversed(_JOB_COLUMNS):
            batch.drop_column(name)
