"""Errors of the audience part (mailing lists, segments, consent, templates)."""

from __future__ import annotations

from crm_chassis.errors import AppError, NotFound, ValidationFailed


class AudienceNotFound(NotFound):
    """No mailing list or segment has this id."""


class TemplateNotFound(NotFound):
    """No template has this id."""


class TemplateRenderError(AppError):
    """A template could not be rendered for one record (the sandbox refused an access,
    or a value it needs is missing): a 422 for a preview, a failed recipient in a mailing."""

    kind = "validation"


class InvalidTemplate(ValidationFailed):
    """A template's syntax, fields or sandbox use is refused at save time."""


class InvalidFilter(ValidationFailed):
    """A segment's filter names an unknown field or a bad value."""


class InvalidSuppression(ValidationFailed):
    """A suppression's address or reason is refused."""


class InvalidList(ValidationFailed):
    """A mailing list or its new members are refused."""
