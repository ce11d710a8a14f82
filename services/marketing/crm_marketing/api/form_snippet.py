"""The embeddable HTML snippet of a lead form: a plain form, no script, every value escaped.

It posts form-encoded to the public endpoint (browsers then follow the 303 to the form's
thank-you or error page), carries the signed render stamp and the honeypot field, which is
moved off-screen and out of the tab order, so people leave it empty and bots fill it.
"""

from __future__ import annotations

from html import escape

from crm_marketing.domain.forms import HONEYPOT, STAMP, Form, FormField

INPUT_TYPES = {"text": "text", "email": "email", "phone": "tel", "url": "url", "hidden": "hidden"}


def snippet(form: Form, action: str, stamp: str) -> str:
    """The form's HTML for ``action``, stamped with ``stamp``."""
    rows = [_row(f) for f in form.spec.fields]
    return "\n".join(
        [
            f'<form class="crm-lead-form" method="post" action="{escape(action)}"'
            ' accept-charset="utf-8">',
            f'  <input type="hidden" name="{STAMP}" value="{escape(stamp)}">',
            '  <div style="position:absolute;left:-10000px" aria-hidden="true">',
            f'    <label>Leave this empty <input type="text" name="{HONEYPOT}" value=""'
            ' tabindex="-1" autocomplete="off"></label>',
            "  </div>",
            *rows,
            '  <button type="submit">Send</button>',
            "</form>",
        ]
    )


def _row(f: FormField) -> str:
    name, label = escape(f.name), escape(f.label)
    required = " required" if f.required else ""
    limit = f' maxlength="{f.max_length}"'
    if f.type == "hidden":
        return f'  <input type="hidden" name="{name}" value="">'
    if f.type == "textarea":
        control = f'<textarea name="{name}"{limit}{required}></textarea>'
    elif f.type == "select":
        options = "".join(f'<option value="{escape(c)}">{escape(c)}</option>' for c in f.choices)
        control = f'<select name="{name}"{required}><option value=""></option>{options}</select>'
    elif f.type == "checkbox":
        control = f'<input type="checkbox" name="{name}" value="true"{required}>'
    else:
        kind = INPUT_TYPES.get(f.type, "text")
        control = f'<input type="{kind}" name="{name}"{limit}{required}>'
    return f"  <p><label>{label} {control}</label></p>"
