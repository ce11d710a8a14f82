"""Settings of the billing service, the only reader of the environment (prefix `BILLING_`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
    # The company printed on invoice PDFs.
    company_name: str = "CRM Suite Ltd"
    company_address: str = "1 Example Street, 10115 Berlin, Germany"
    company_vat_id: str = ""
    company_email: str = "billing@crm.example"
