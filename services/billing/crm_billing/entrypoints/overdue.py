"""crm-billing-overdue: one pass of the overdue check (for cron; the worker also runs it).

``--today YYYY-MM-DD`` runs it as of another date (back-fills, tests); default: today.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from crm_billing.bootstrap import bootstrap
from crm_billing.config import Settings
from crm_billing.domain.commands import RunOverdueCheck
from crm_chassis.logging import configure_logging


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mark overdue invoices and send reminders.")
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.service_name, "overdue", settings.log_level)
    service = bootstrap(settings)
    try:
        result = service.run(RunOverdueCheck(today=args.today))
    finally:
        service.db.dispose()
    print(json.dumps({"checked": result.checked, "reminders": result.reminders}))


if __name__ == "__main__":
    main()
