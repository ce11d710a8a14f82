"""The rules of one mass-mail message and of the send pace (pure: no I/O, no clock).

- :func:`build_message`: headers (RFC 8058 one-click unsubscribe, List-Id, Message-ID),
  the visible unsubscribe link, the open pixel and the click links of one recipient.
- :func:`allowance`: how many rows the job may send now under the mailing's sliding-window
  caps (per minute, per hour), counted from the send list itself, so a restarted worker
  keeps the same pace.
"""

from __future__ import annotations

import html
import quopri
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate

#: An absolute http(s) link in an HTML attribute (quoted); other schemes are left alone.
_HREF = re.compile(r"""(\bhref\s*=\s*)(["'])(https?://[^"'<>\s]+)\2""", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class RecipientLinks:
    """The signed links of one recipient (made by the service's link signer)."""

    unsubscribe: str
    unsubscribe_mailto: str | None
    open_pixel: str | None
    #: target URL -> its signed click link; None: clicks are not tracked.
    click: Callable[[str], str] | None


@dataclass(frozen=True)
class Envelope:
    sender_address: str
    sender_name: str
    to_address: str
    to_name: str | None
    message_id: str
    list_id: str
    reply_to: str | None = None


def links_in(body: str | None) -> list[str]:
    """The http(s) targets a rendered HTML body links to, in order, each once."""
    if not body:
        return []
    return list(dict.fromkeys(html.unescape(m.group(3)) for m in _HREF.finditer(body)))


def _track_clicks(body: str, click: Callable[[str], str]) -> str:
    def swap(m: re.Match[str]) -> str:
        target = html.unescape(m.group(3))
        return f"{m.group(1)}{m.group(2)}{html.escape(click(target))}{m.group(2)}"

    return _HREF.sub(swap, body)


def _before_body_end(body: str, addition: str) -> str:
    found = list(_BODY_END.finditer(body))
    if not found:
        return body + addition
    at = found[-1].start()
    return body[:at] + addition + body[at:]


def decorate_html(body: str, links: RecipientLinks) -> str:
    """Click links rewritten, then the visible unsubscribe link and the pixel appended."""
    if links.click is not None:
        body = _track_clicks(body, links.click)
    footer = (
        '<p style="font-size:12px;color:#666">'
        f'<a href="{html.escape(links.unsubscribe)}">Unsubscribe</a> from these mails.</p>'
    )
    if links.open_pixel:
        footer += (
            f'<img src="{html.escape(links.open_pixel)}" width="1" height="1" alt="" '
            'style="display:block;border:0">'
        )
    return _before_body_end(body, footer)


def decorate_text(body: str, links: RecipientLinks) -> str:
    return f"{body.rstrip()}\n\n--\nUnsubscribe: {links.unsubscribe}\n"


@dataclass(frozen=True)
class OutgoingMail:
    """One serialised message and its envelope, ready for SMTP's DATA."""

    sender: str
    recipient: str
    message_id: str
    data: bytes


def _one_line(value: str) -> str:
    """A header value on one line: a CR or LF in merged text never starts a new header."""
    return " ".join(value.replace("\r", " ").replace("\n", " ").split())


def _text_header(value: str) -> str:
    value = _one_line(value)
    return value if value.isascii() else Header(value, "utf-8").encode()


def _part(content_type: str, body: str) -> bytes:
    # Quoted-printable keeps lines under SMTP's limit and plain ASCII readable.
    encoded = quopri.encodestring(body.replace("\r\n", "\n").encode("utf-8"))
    head = (
        f'Content-Type: {content_type}; charset="utf-8"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
    )
    return head.encode() + encoded


def build_message(
    subject: str, text: str, html_body: str | None, env: Envelope, links: RecipientLinks
) -> OutgoingMail:
    """The message of one recipient, serialised for SMTP (built by hand: the standard
    library's EmailMessage costs more CPU than the rest of a send put together)."""
    unsubscribe = f"<{links.unsubscribe}>"
    if links.unsubscribe_mailto:
        unsubscribe += f", <{links.unsubscribe_mailto}>"
    headers = [
        ("From", formataddr((_one_line(env.sender_name), env.sender_address), "utf-8")),
        ("To", formataddr((_one_line(env.to_name or ""), env.to_address), "utf-8")),
        ("Subject", _text_header(subject)),
        ("Date", formatdate(localtime=False, usegmt=True)),
        ("Message-ID", env.message_id),
        ("List-Id", env.list_id),
        ("List-Unsubscribe", unsubscribe),
        # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the https URI.
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ("MIME-Version", "1.0"),
    ]
    if env.reply_to:
        headers.insert(5, ("Reply-To", _one_line(env.reply_to)))
    plain = _part("text/plain", decorate_text(text, links))
    if html_body:
        boundary = f"=_mailing_{uuid.uuid4().hex}"
        headers.append(("Content-Type", f'multipart/alternative; boundary="{boundary}"'))
        html_part = _part("text/html", decorate_html(html_body, links))
        sep = f"\n--{boundary}\n".encode()
        body = sep + plain + sep + html_part + f"\n--{boundary}--\n".encode()
    else:
        headers.append(("Content-Type", 'text/plain; charset="utf-8"'))
        headers.append(("Content-Transfer-Encoding", "quoted-printable"))
        body = plain.split(b"\n\n", 1)[1]
    head = "".join(f"{name}: {value}\n" for name, value in headers).encode()
    data = (head + b"\n" + body).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return OutgoingMail(env.sender_address, env.to_address, env.message_id, data)


def allowance(
    batch_size: int,
    *,
    per_minute: int | None,
    per_hour: int | None,
    sent_last_minute: int,
    sent_last_hour: int,
) -> int:
    """Rows the job may send now: the batch, cut by what each sliding window has left."""
    room = batch_size
    if per_minute is not None:
        room = min(room, per_minute - sent_last_minute)
    if per_hour is not None:
        room = min(room, per_hour - sent_last_hour)
    return max(room, 0)


class Pacer:
    """Spaces hand-offs to at most ``per_second`` (None: no pause); clock and sleep given."""

    def __init__(
        self,
        per_second: float | None,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        self.interval = 1.0 / per_second if per_second else 0.0
        self.clock = clock
        self.sleep = sleep
        self._next = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.clock()
        if now < self._next:
            self.sleep(self._next - now)
            now = self._next
        self._next = now + self.interval
