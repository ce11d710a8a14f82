"""The identity REST API: thin routes over the use cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm_chassis.http import Api
from crm_identity.api import access_model, auth, service_accounts, users

if TYPE_CHECKING:
    from crm_identity.bootstrap import Identity


def build_api(app: Identity) -> Api:
    """Declare every route of the identity API, closed over the wired use cases."""
    api = Api(
        service="identity",
        title="CRM Identity API",
        description=(
            "Users, roles, profiles, groups, sharing, service accounts, tokens (OAuth 2.0 "
            "token endpoint), the JWKS and the audit log."
        ),
    )
    auth.register(api, app)
    users.register(api, app)
    service_accounts.register(api, app)
    access_model.register(api, app)
    return api
