"""Sharing defaults (administrators only): per module with record owners, who sees records.

Accounts and contacts share one setting: setting either sets both. Modules whose records
have no owner have no default (404).
"""

from __future__ import annotations

from crm_chassis import context
from crm_chassis.http import Blueprint, service
from crm_identity.api import SETTINGS_EDIT, SETTINGS_VIEW
from crm_identity.api.access_schemas import (
    SharingDefaultIn,
    SharingDefaultOut,
    SharingDefaultsOut,
)
from crm_identity.bootstrap import Identity
from crm_identity.domain.commands import SetSharingDefault

bp = Blueprint("sharing-defaults")


@bp.get(
    "/sharing-defaults",
    response=SharingDefaultsOut,
    permission=SETTINGS_VIEW,
    summary="The default sharing of every module with record owners",
)
def list_sharing_defaults() -> SharingDefaultsOut:
    values = service(Identity).queries.sharing_defaults()
    return SharingDefaultsOut(
        items=[SharingDefaultOut(module=m, access=a) for m, a in values.items()]
    )


@bp.get(
    "/sharing-defaults/<module>",
    response=SharingDefaultOut,
    permission=SETTINGS_VIEW,
    summary="One module's default sharing",
)
def get_sharing_default(module: str) -> SharingDefaultOut:
    access = service(Identity).queries.sharing_default(module)
    return SharingDefaultOut(module=module, access=access)


@bp.put(
    "/sharing-defaults/<module>",
    body=SharingDefaultIn,
    response=SharingDefaultOut,
    permission=SETTINGS_EDIT,
    summary="Set a module's default sharing (accounts and contacts move together)",
)
def put_sharing_default(module: str, body: SharingDefaultIn) -> SharingDefaultOut:
    command = SetSharingDefault(module=module, access=body.access)
    values = service(Identity).run(command, caller=context.principal())
    return SharingDefaultOut(module=module, access=values[module])
