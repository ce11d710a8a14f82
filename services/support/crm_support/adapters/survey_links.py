"""Signed survey links (``crm_chassis.signing``).

A link's token names the ticket and is signed with the service's survey key
(``Settings.survey_key``) and a salt of its own, so no other signed value of the suite can be
replayed as one. It expires ``survey_max_age_days`` after it was made. A bad, forged or
expired token is a 404: the link reveals nothing about which of those it was.
"""

from __future__ import annotations

from uuid import UUID

from crm_chassis.errors import NotFound
from crm_chassis.signing import InvalidToken, Signer
from crm_support.config import Settings

SALT = "crm.support.survey.v1"
PATH = "/api/support/v1/feedback/"


class SignedSurveyLinks:
    def __init__(self, settings: Settings) -> None:
        self._signer = Signer(settings.survey_key(), SALT)
        self._max_age = settings.survey_max_age_days * 86_400
        self._base = settings.public_base_url.rstrip("/")

    def token_for(self, ticket_id: UUID) -> str:
        return self._signer.sign({"t": str(ticket_id)})

    def ticket_of(self, token: str) -> UUID:
        try:
            data = self._signer.read(token, max_age_seconds=self._max_age)
            return UUID(data["t"])
        except (InvalidToken, KeyError, TypeError, ValueError):
            raise NotFound("This survey link is not valid or has expired.") from None

    def url_for(self, ticket_id: UUID) -> str:
        return f"{self._base}{PATH}{self.token_for(ticket_id)}"
