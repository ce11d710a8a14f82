"""Web domains: how sales recognises one company's website and e-mail addresses."""

from __future__ import annotations

import re


def web_domain(website: str | None, email: str | None = None) -> str | None:
    """The registrable part of a website (or an e-mail's domain), lower-case, no www."""
    source = website or (email.split("@", 1)[1] if email and "@" in email else None)
    if not source:
        return None
    host = re.sub(r"^[a-z]+://", "", source.strip().lower()).split("/", 1)[0].split(":", 1)[0]
    return host[4:] if host.startswith("www.") else host or None
