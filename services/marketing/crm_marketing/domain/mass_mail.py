"""The rules of one mass-mail message and of the send pace (pure: no I/O, no clock).

- :func:`build_message`: headers (RFC 8058 one-click unsubscribe, List-Id, Message-ID),
  the visible unsubscribe link, the open pixel and the click links of one recipient.
- :func:`allowance`: how many rows the job may send now under the mailing's sliding-window
  caps (per minute, per hour), counted from the send list itself, so a restarted worker
  keeps the same pace.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate

#: SMTP line ends; headers folded only past SMTP's own line limit: the long signed
#: List-Unsubscribe URIs would otherwise cost more to fold than the rest of the message.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)
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


def build_message(
    subject: str, text: str, html_body: str | None, env: Envelope, links: RecipientLinks
) -> EmailMessage:
    """The message of one recipient, ready for SMTP."""
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["From"] = formataddr((env.sender_name, env.sender_address))
    msg["To"] = formataddr((env.to_name or "", env.to_address))
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = env.message_id
    if env.reply_to:
        msg["Reply-To"] = env.reply_to
    msg["List-Id"] = env.list_id
    unsubscribe = f"<{links.unsubscribe}>"
    if links.unsubscribe_mailto:
        unsubscribe += f", <{links.unsubscribe_mailto}>"
    msg["List-Unsubscribe"] = unsubscribe
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the https URI.
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(decorate_text(text, links))
    if html_body:
        msg.add_alternative(decorate_html(html_body, links), subtype="html")
    return msg


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
