"""One message's headers and links, the sliding-window allowance, the pace."""

from __future__ import annotations

import email
from email import policy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from crm_marketing.domain.mass_mail import (
    Envelope,
    OutgoingMail,
    Pacer,
    RecipientLinks,
    allowance,
    build_message,
    links_in,
)
from crm_marketing.service.mass_mail import normalise

ENV = Envelope(
    sender_address="news@example.org",
    sender_name="News",
    to_address="ann@example.com",
    to_name="Ann",
    message_id="<abc@m.test>",
    list_id="<l.m.test>",
)
HTML = (
    '<html><body><a href="https://a.example/x?p=1&amp;q=2">A</a>'
    "<a href='http://b.example/'>B</a><a href=\"mailto:x@y.z\">mail</a>"
    '<a href="https://a.example/x?p=1&amp;q=2">again</a></body></html>'
)


def parsed(mail: OutgoingMail) -> Any:
    assert mail.data.count(b"\r\n") == mail.data.count(b"\n")  # CRLF lines only
    return email.message_from_bytes(mail.data, policy=policy.default)


def links(*, opens: bool = True, clicks: bool = True) -> RecipientLinks:
    return RecipientLinks(
        unsubscribe="https://crm.test/u/T",
        unsubscribe_mailto="mailto:unsub@m.test?subject=T",
        open_pixel="https://crm.test/o/T" if opens else None,
        click=(lambda url: f"https://crm.test/c/{len(url)}") if clicks else None,
    )


def test_the_message_carries_one_click_unsubscribe_and_tracked_links() -> None:
    msg = parsed(build_message("Hello", "Hi Ann", HTML, ENV, links()))
    assert msg["List-Unsubscribe"] == "<https://crm.test/u/T>, <mailto:unsub@m.test?subject=T>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (msg["Message-ID"], msg["List-Id"]) == ("<abc@m.test>", "<l.m.test>")
    html = msg.get_body(("html",)).get_content()
    assert "a.example" not in html and "b.example" not in html
    assert 'href="mailto:x@y.z"' in html  # only http(s) links are tracked
    assert '<img src="https://crm.test/o/T"' in html
    assert html.index("Unsubscribe</a>") < html.index("</body>")
    assert "Unsubscribe: https://crm.test/u/T" in msg.get_body(("plain",)).get_content()


def test_merged_text_cannot_add_headers_and_non_ascii_is_encoded() -> None:
    env = Envelope(**{**ENV.__dict__, "to_name": "Zoë\r\nBcc: x@y.z"})
    mail = build_message("Grüße\r\nBcc: evil@x.y", "Hi", None, env, links())
    msg = parsed(mail)
    assert msg["Bcc"] is None
    assert msg["Subject"] == "Grüße Bcc: evil@x.y"
    assert "Zoë" in str(msg["To"]) and mail.recipient == "ann@example.com"
    assert msg.get_content_type() == "text/plain"
    assert "Unsubscribe: https://crm.test/u/T" in msg.get_content()


def test_without_tracking_links_stay_and_no_pixel_is_added() -> None:
    msg = parsed(build_message("Hello", "Hi", HTML, ENV, links(opens=False, clicks=False)))
    html = msg.get_body(("html",)).get_content()
    assert "https://a.example/x?p=1&amp;q=2" in html and "/o/T" not in html


def test_links_in_lists_each_http_target_once_unescaped() -> None:
    assert links_in(HTML) == ["https://a.example/x?p=1&q=2", "http://b.example/"]
    assert links_in(None) == []


@given(
    st.integers(1, 1000),
    st.none() | st.integers(1, 500),
    st.none() | st.integers(1, 5000),
    st.integers(0, 600),
    st.integers(0, 6000),
)
def test_the_allowance_never_exceeds_a_window(batch, per_minute, per_hour, minute, hour) -> None:
    room = allowance(
        batch,
        per_minute=per_minute,
        per_hour=per_hour,
        sent_last_minute=minute,
        sent_last_hour=hour,
    )
    assert 0 <= room <= batch
    if per_minute is not None:
        assert minute + room <= max(per_minute, minute)
    if per_hour is not None:
        assert hour + room <= max(per_hour, hour)


def test_the_pacer_spaces_hand_offs() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(4, lambda: now[0], sleep)
    for _ in range(5):
        pacer.wait()
    assert slept == [0.25] * 4
    unpaced = Pacer(None, lambda: 0.0, sleep)
    unpaced.wait()
    assert len(slept) == 4


def test_addresses_are_normalised_or_refused() -> None:
    assert normalise("  Ann@Example.COM ") == "ann@example.com"
    for bad in (None, "", "ann", "ann@host", "a b@c.d", "a@b.c\r\nBcc: x@y.z", "<a@b.c>"):
        assert normalise(bad) is None
