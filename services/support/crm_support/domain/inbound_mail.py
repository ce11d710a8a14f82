"""An e-mail to the support address, read into plain values (pure: stdlib ``email`` only).

``parse`` turns the raw RFC 5322 bytes into an :class:`InboundMail`; ``ignore_reason`` says
why a message must not become a ticket or a comment (an auto-reply, a bounce, a mailing
list, one of our own messages coming back), so two robots never answer each other forever.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from uuid import UUID

#: ``[TT-2026-000123]`` anywhere in the subject: the ticket a reply belongs to.
THREAD_TOKEN = re.compile(r"\[(TT-\d{4}-\d{6})\]")
_MSGID = re.compile(r"<([^<>\s]+)>")
_AUTO_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})
# Local parts of bounce and robot senders (RFC 3834 section 2 and common practice).
_ROBOT_SENDERS = frozenset({"mailer-daemon", "postmaster", "noreply", "no-reply"})
_MAX_SUBJECT = 250


@dataclass(frozen=True)
class MailAttachment:
    """A file carried by the message, as sent (checks happen where it is stored)."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class InboundMail:
    """What support reads of one message."""

    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    in_reply_to: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    attachments: tuple[MailAttachment, ...] = ()

    @property
    def thread_token(self) -> str | None:
        """The ticket number in the subject (``TT-YYYY-NNNNNN``), if any."""
        found = THREAD_TOKEN.search(self.subject)
        return found.group(1) if found else None

    @property
    def referenced_ids(self) -> tuple[str, ...]:
        """Message-IDs this one answers: ``In-Reply-To`` first, then ``References``."""
        return self.in_reply_to

    @property
    def title(self) -> str:
        """The subject without the thread token and reply prefixes, for a new ticket."""
        title = THREAD_TOKEN.sub("", self.subject)
        title = re.sub(r"^\s*((re|fw|fwd|aw|wg|sv)\s*:\s*)+", "", title, flags=re.I)
        return title.strip() or "(no subject)"


def parse(raw: bytes) -> InboundMail:
    """Read a message; a malformed one still gives what can be read (never raises on content)."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    name, address = parseaddr(_header(message, "From"))
    referenced = _message_ids(_header(message, "In-Reply-To"))
    referenced += tuple(
        i for i in _message_ids(_header(message, "References")) if i not in referenced
    )
    headers = {
        key: _header(message, key)
        for key in (
            "Auto-Submitted",
            "Precedence",
            "X-Autoreply",
            "X-Auto-Response-Suppress",
            "List-Id",
            "Return-Path",
            "X-Loop",
        )
        if message.get(key) is not None
    }
    ids = _message_ids(_header(message, "Message-ID"))
    return InboundMail(
        message_id=ids[0] if ids else "",
        sender=address.strip().lower(),
        sender_name=name.strip(),
        subject=_header(message, "Subject")[:_MAX_SUBJECT],
        text=_text_of(message),
        in_reply_to=referenced,
        headers=headers,
        attachments=tuple(_attachments(message)),
    )


def ignore_reason(
    mail: InboundMail, *, own_domains: frozenset[str], own_addresses: frozenset[str] = frozenset()
) -> str | None:
    """Why ``mail`` must be dropped (auto-reply, bounce, list, loop), or None to take it.

    ``own_domains`` are the domains of the Message-IDs we mint; ``own_addresses`` the
    support addresses and our From address (a message from ourselves is a loop).
    """
    auto = mail.headers.get("Auto-Submitted", "").strip().lower()
    if auto and auto != "no":
        return f"auto-submitted: {auto}"
    precedence = mail.headers.get("Precedence", "").strip().lower()
    if precedence in _AUTO_PRECEDENCE:
        return f"precedence: {precedence}"
    for header in ("X-Autoreply", "X-Auto-Response-Suppress", "List-Id"):
        if header in mail.headers:
            return f"header {header}"
    if not mail.sender or "@" not in mail.sender:
        return "no sender address"
    local = mail.sender.partition("@")[0]
    if local in _ROBOT_SENDERS or local.startswith("mailer-daemon"):
        return f"robot sender: {local}"
    if domain_of(mail.message_id) in own_domains:
        return "our own message came back"
    if mail.sender in own_addresses:
        return "sent from our own address"
    return None


def token_reply_allowed(
    sender: str,
    *,
    thread_address: str | None,
    sender_contact_id: UUID | None,
    ticket_contact_id: UUID | None,
) -> bool:
    """May a mail threaded only by the subject's token land on that ticket?

    Only from the ticket's own customer: the address that began its mail thread, or the
    ticket's contact. A ticket number is easy to guess, so anyone else's mail with a token
    opens a new ticket instead of writing into a stranger's (a reply to one of our mails
    is threaded by its ``In-Reply-To``, which names a Message-ID nobody can guess).
    """
    if thread_address is not None and sender.lower() == thread_address.lower():
        return True
    return sender_contact_id is not None and sender_contact_id == ticket_contact_id


def domain_of(message_id: str) -> str:
    """The domain part of a Message-ID (``abc@support.example.com`` -> the domain)."""
    return message_id.rpartition("@")[2].lower() if "@" in message_id else ""


def recipients_of(raw_header: str) -> list[str]:
    """Addresses of a To/Cc header, lower-cased."""
    return [address.lower() for _, address in getaddresses([raw_header]) if address]


# C0 controls but tab and newline, and DEL: never stored (PostgreSQL refuses NUL outright).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _clean(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n"))


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError):  # a header the policy cannot parse: read as absent
        return ""
    return _clean(" ".join(str(value).split())) if value is not None else ""


def _message_ids(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.lower() for i in _MSGID.findall(value)))


def _text_of(message: EmailMessage) -> str:
    """The plain-text body; the HTML one turned into text when there is no plain part."""
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return _clean(_content(part)).strip()
    part = message.get_body(preferencelist=("html",))
    return _clean(html_to_text(_content(part))).strip() if part is not None else ""


def _content(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: decode leniently
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    return content if isinstance(content, str) else ""


def _attachments(message: EmailMessage) -> list[MailAttachment]:
    found = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        found.append(
            MailAttachment(
                filename=part.get_filename() or f"attachment-{index}",
                content_type=part.get_content_type(),
                content=content,
            )
        )
    return found


_BLOCK = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", re.I)
_DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    """A readable text of an HTML body: blocks become lines, tags go, entities are decoded."""
    text = _DROP.sub("", markup)
    text = _BLOCK.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def trim_quoted(text: str) -> str:
    """The new text of a reply: quoted lines (``>``) and the ``On ... wrote:`` tail dropped."""
    kept: list[str] = []
    for line in text.splitlines():
        if re.match(r"^\s*On .+ wrote:\s*$", line) or line.strip() == "-----Original Message-----":
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip() or text.strip()
