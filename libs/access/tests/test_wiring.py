"""The access wiring: the store reads the service's policy table with the service's name
and refresh interval; the verifier checks identity's tokens and refuses revoked callers."""

from __future__ import annotations

from typing import Any

import pytest

from crm_access import add_policy_table, policy_store, token_verifier
from crm_chassis.auth.principal import Principal
from crm_chassis.config import ServiceSettings
from crm_chassis.db import Database
from crm_chassis.errors import Unauthenticated


class Store:
    """Stands in for a PolicyStore: only ``is_revoked`` is read by the verifier."""

    def __init__(self, revoked: set[str]) -> None:
        self.revoked = revoked

    def is_revoked(self, principal: Principal) -> bool:
        return principal.subject in self.revoked


def settings(token_factory: Any) -> ServiceSettings:
    return ServiceSettings(
        service_name="billing",
        jwks_url=token_factory.jwks_url,
        token_audience=token_factory.audience,
        token_issuer=token_factory.issuer,
        policy_refresh_seconds=7.5,
    )


def test_the_store_is_the_services_copy(token_factory: Any) -> None:
    import sqlalchemy as sa

    table = add_policy_table(sa.MetaData())
    db = Database("sqlite://")
    store = policy_store(settings(token_factory), db, table)
    assert (store.db, store.table, store.service) == (db, table, "billing")
    assert store.refresh_seconds == 7.5


def test_a_valid_token_of_an_active_user_passes(token_factory: Any) -> None:
    verifier = token_verifier(settings(token_factory), Store(set()), lambda p: False)  # type: ignore[arg-type]
    assert verifier.verify(token_factory.issue("u-1")).subject == "u-1"


@pytest.mark.parametrize("by_policy, by_extra", [(True, False), (False, True)])
def test_a_user_revoked_by_the_policy_or_the_extra_feed_is_refused(
    token_factory: Any, by_policy: bool, by_extra: bool
) -> None:
    store = Store({"u-1"} if by_policy else set())
    verifier = token_verifier(settings(token_factory), store, lambda p: by_extra)  # type: ignore[arg-type]
    with pytest.raises(Unauthenticated):
        verifier.verify(token_factory.issue("u-1"))


def test_without_an_extra_feed_only_the_policy_decides(token_factory: Any) -> None:
    verifier = token_verifier(settings(token_factory), Store({"u-2"}))  # type: ignore[arg-type]
    assert verifier.verify(token_factory.issue("u-1")).subject == "u-1"
    with pytest.raises(Unauthenticated):
        verifier.verify(token_factory.issue("u-2"))
