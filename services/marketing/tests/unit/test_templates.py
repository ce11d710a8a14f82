"""Template rules: fields checked at save by walking the AST, the sandbox, derived text."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from crm_marketing.domain.audience_errors import InvalidTemplate, TemplateRenderError
from crm_marketing.domain.html_text import html_to_text
from crm_marketing.domain.templates import MailTemplate, TemplateFields

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def make(html: str = "<p>Hi {{ contact.first_name }}</p>", **fields: str) -> MailTemplate:
    values = {"name": "Welcome", "subject": "Hello {{ contact.first_name }}", "html": html}
    values.update(fields)
    return MailTemplate.create(id=uuid.uuid4(), fields=TemplateFields(**values), by="u1", now=NOW)


def refusal(**fields: str) -> list[tuple[str, str]]:
    with pytest.raises(InvalidTemplate) as caught:
        make(**fields)
    return [(e.field, e.message) for e in caught.value.errors]


def test_a_template_with_declared_fields_is_saved_and_renders_them():
    template = make(html="<p>Dear {{ contact.first_name }} of {{ account.name }}</p>")
    mail = template.render({"contact": {"first_name": "Ada"}, "account": {"name": "AE"}})
    assert mail.subject == "Hello Ada"
    assert mail.html == "<p>Dear Ada of AE</p>"
    assert mail.text == "Dear Ada of AE\n"


def test_an_unknown_field_is_refused_with_its_part_and_line():
    errors = refusal(html="<p>Hi</p>\n<p>{{ contact.shoe_size }}</p>")
    assert errors == [("html", "line 2: unknown field 'contact.shoe_size'")]


def test_an_unknown_group_and_a_syntax_error_are_refused():
    errors = refusal(subject="{{ customer.name }}", text="line one\n{% if %}")
    assert ("subject", "line 1: unknown field 'customer'") in errors
    assert any(f == "text" and m.startswith("line 2: syntax error") for f, m in errors)


@pytest.mark.parametrize(
    "escape",
    [
        "{{ contact.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ contact['__init__'] }}",
        "{{ contact.first_name|attr('__class__') }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ contact.first_name.format(1) }}",
        "{% import 'x' as y %}",
        "{% macro m() %}{% endmacro %}",
    ],
)
def test_sandbox_escapes_are_refused_at_save(escape):
    assert refusal(html=escape)


def test_the_sandbox_refuses_internals_at_render_too():
    template = make()
    # As if stored before a rule existed: the render sandbox is the second wall.
    template.html = "{{ unsubscribe_url.__class__.__mro__ }}"
    with pytest.raises(TemplateRenderError):
        template.render({})


def test_every_declared_field_renders_empty_when_the_record_lacks_it():
    template = make(html="<p>[{{ lead.company }}][{{ contact.first_name }}]</p>")
    assert template.render({"lead": {"company": "Navy"}}).html == "<p>[Navy][]</p>"


def test_html_values_are_escaped_and_the_subject_stays_one_line():
    template = make()
    mail = template.render({"contact": {"first_name": "<b>Ada\r\nBcc: x@y</b>"}})
    assert "<b>" not in mail.html and "&lt;b&gt;" in mail.html
    assert "\n" not in mail.subject


def test_a_given_text_part_is_used_instead_of_the_derived_one():
    template = make(text="Hi {{ contact.first_name }}, plain.")
    assert template.render({"contact": {"first_name": "Ada"}}).text == "Hi Ada, plain."


def test_a_change_is_checked_as_a_whole_and_leaves_the_template_as_it_was_when_refused():
    template = make()
    with pytest.raises(InvalidTemplate):
        template.change(TemplateFields(html="{{ nope }}"), {"html"}, NOW)
    assert template.html == "<p>Hi {{ contact.first_name }}</p>" and template.version == 1
    template.change(TemplateFields(name="Renamed"), {"name"}, NOW)
    assert template.name == "Renamed" and template.version == 2


def test_derived_text_keeps_paragraphs_lists_and_links_and_drops_styles():
    html = (
        "<style>p{color:red}</style><h1>News</h1><p>Read <a href='https://x.org/a'>this</a>"
        "</p><ul><li>one</li><li>two</li></ul>line<br>break &amp; more"
    )
    assert html_to_text(html) == (
        "News\n\nRead this (https://x.org/a)\n\n- one\n- two\n\nline\nbreak & more\n"
    )


def test_null_for_every_required_part_is_refused_naming_each_and_changes_nothing():
    """Found by the fuzzer: PATCH with every field null was a 500 (None.strip())."""
    template = make()
    names = ("name", "description", "subject", "html", "text")
    with pytest.raises(InvalidTemplate) as caught:
        template.change(TemplateFields(name=None, subject=None, html=None), set(names), NOW)
    assert {e.field for e in caught.value.errors} == {"name", "subject", "html"}
    assert template.subject == "Hello {{ contact.first_name }}" and template.version == 1
