"""The signed links of a mailing's messages: unsubscribe, open pixel, click redirect.

Each kind has a salt of its own, so a token of one kind is never accepted as another;
tokens do not expire (a mail lies in an inbox for years). An unsubscribe token names the
mailing, the send-list row and the address; a click token also carries its target, which
the redirect checks against the mailing's own links (no open redirect).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from crm_chassis.errors import NotFound
from crm_chassis.signing import InvalidToken, Signer
from crm_marketing.config import Settings
from crm_marketing.domain.mass_mail import RecipientLinks

BASE = "/api/marketing/v1"
INVALID = "This link is not valid."


@dataclass(frozen=True)
class LinkClaim:
    mailing_id: UUID
    recipient_id: UUID
    address: str = ""
    url: str = ""


class MailingLinks:
    def __init__(self, settings: Settings) -> None:
        key = settings.mail_link_key()
        self._unsubscribe = Signer(key, "crm.marketing.unsubscribe.v1")
        self._open = Signer(key, "crm.marketing.open.v1")
        self._click = Signer(key, "crm.marketing.click.v1")
        self._base = settings.public_base_url.rstrip("/") + BASE
        self._mailto = settings.unsubscribe_mailto

    def unsubscribe_token(self, mailing_id: UUID, row_id: UUID, address: str) -> str:
        return self._unsubscribe.sign({"m": mailing_id.hex, "r": row_id.hex, "a": address})

    def open_token(self, mailing_id: UUID, row_id: UUID) -> str:
        return self._open.sign({"m": mailing_id.hex, "r": row_id.hex})

    def click_token(self, mailing_id: UUID, row_id: UUID, url: str) -> str:
        return self._click.sign({"m": mailing_id.hex, "r": row_id.hex, "u": url})

    def for_recipient(
        self, mailing_id: UUID, row_id: UUID, address: str, *, opens: bool, clicks: bool
    ) -> RecipientLinks:
        token = self.unsubscribe_token(mailing_id, row_id, address)
        mailto = f"mailto:{self._mailto}?subject=unsubscribe%20{token}" if self._mailto else None

        def click(url: str) -> str:
            return f"{self._base}/t/c/{self.click_token(mailing_id, row_id, url)}"

        return RecipientLinks(
            unsubscribe=f"{self._base}/unsubscribe/{token}",
            unsubscribe_mailto=mailto,
            open_pixel=f"{self._base}/t/o/{self.open_token(mailing_id, row_id)}" if opens else None,
            click=click if clicks else None,
        )

    def unsubscribe_claim(self, token: str) -> LinkClaim:
        return _claim(self._unsubscribe, token)

    def open_claim(self, token: str) -> LinkClaim:
        return _claim(self._open, token)

    def click_claim(self, token: str) -> LinkClaim:
        return _claim(self._click, token)


def _claim(signer: Signer, token: str) -> LinkClaim:
    """The claim of a valid token; a bad or forged one is a 404 that says no more."""
    try:
        data = signer.read(token)
        return LinkClaim(
            UUID(str(data["m"])),
            UUID(str(data["r"])),
            str(data.get("a", "")),
            str(data.get("u", "")),
        )
    except (InvalidToken, KeyError, ValueError):
        raise NotFound(INVALID) from None
