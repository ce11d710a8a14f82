"""Signing-key administration (``crm-identity-keys rotate``)."""

from __future__ import annotations

import argparse

from crm_chassis.logging import configure_logging
from crm_identity.bootstrap import bootstrap
from crm_identity.config import Settings
from crm_identity.domain.commands import RotateSigningKey
from crm_identity.service.audit import SYSTEM


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="crm-identity-keys")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "rotate",
        help="sign with a new key; old keys stay in the JWKS until their tokens expired",
    )
    args = parser.parse_args(argv)
    settings = Settings()
    configure_logging(settings.service_name, "keys", settings.log_level)
    app = bootstrap(settings)
    try:
        if args.command == "rotate":
            print(app.run(RotateSigningKey(), caller=SYSTEM))
    finally:
        app.db.dispose()
