"""Settings of the billing service, the only reader of the environment (prefix `BILLING_`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import AliasChoices, Field, field_validator

from crm_chassis.config import ServiceSettings, settings_config

#: Alembic scripts, inside the package so an installed wheel (or image) carries them.
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Settings(ServiceSettings):
    """Billing settings; every field can be set as ``BILLING_<FIELD>``."""

    model_config = settings_config("BILLING_")

    service_name: str = "billing"
    http_port: int = 8104
    grpc_port: int = 9104
    # The worker's overdue check runs this often (0 turns the thread off; the
    # ``crm-billing-overdue`` console script runs one pass from cron instead).
    overdue_check_seconds: float = 300.0
    # A fixed "today" for the overdue check and new invoices' dates (demos and tests);
    # unset means the real UTC date.
    today: date | None = None
    # contacts' gRPC server: account ids on invoices and payments are checked there (with
    # the caller's token), and the PDF's "Bill to" name is looked up there when not kept.
    # The suite's CRM_CONTACTS_GRPC_URL (h2c://host:port, the gateway's wiring) also works.
    contacts_grpc_target: str = Field(
        "127.0.0.1:9102",
        validation_alias=AliasChoices("BILLING_CONTACTS_GRPC_TARGET", "CRM_CONTACTS_GRPC_URL"),
    )
    contacts_timeout_seconds: float = 3.0
    # The company printed on invoice PDFs.
    company_name: str = "CRM Suite Ltd"
    company_address: str = "1 Example Street, 10115 Berlin, Germany"
    company_vat_id: str = ""
    company_email: str = "billing@crm.example"

    @field_validator("contacts_grpc_target")
    @classmethod
    def _strip_scheme(cls, value: str) -> str:
        return value.split("://", 1)[-1]
