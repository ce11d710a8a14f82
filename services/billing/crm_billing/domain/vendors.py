"""Vendors: the suppliers purchase orders go to (an unowned module: all with access see all)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from crm_billing.domain.picklists import PAYMENT_TERMS
from crm_chassis.errors import FieldError, InvalidFields, VersionMismatch
from crm_chassis.fields import Address, Checker, search_text, text

TEXT = (
    "name",
    "contact_name",
    "email",
    "phone",
    "website",
    "payment_terms",
    "gl_account",
    "category",
    "description",
)
EDITABLE = (*TEXT, "address")
SHORT_TEXT = 255
LONG_TEXT = 32_000


@dataclass(frozen=True)
class VendorFields:
    """A vendor's editable fields, as given (absent ones None) or as checked."""

    name: str | None = None
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    address: Address | None = None
    payment_terms: str | None = None
    gl_account: str | None = None
    category: str | None = None
    description: str | None = None


@dataclass
class Vendor:
    id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    address: Address | None = None
    payment_terms: str | None = None
    gl_account: str | None = None
    category: str | None = None
    description: str | None = None
    version: int = 1

    @classmethod
    def create(cls, *, id: UUID, now: datetime, fields: VendorFields) -> Vendor:
        checked = clean_vendor(fields)
        assert checked.name is not None
        vendor = cls(id=id, name=checked.name, created_at=now, updated_at=now)
        vendor.take_on(checked)
        return vendor

    def update(
        self,
        changes: VendorFields,
        sent: Collection[str],
        *,
        now: datetime,
        expected_version: int | None,
    ) -> tuple[str, ...]:
        """Change the ``sent`` fields (412 when the version moved on)."""
        if expected_version is not None and expected_version != self.version:
            raise VersionMismatch(expected_version, self.version)
        unknown = set(sent) - set(EDITABLE)
        if unknown:
            raise InvalidFields([FieldError(f, "cannot be changed") for f in sorted(unknown)])
        current = VendorFields(**{f: getattr(self, f) for f in EDITABLE})
        merged = dataclasses.replace(current, **{n: getattr(changes, n) for n in sent})
        changed = self.take_on(clean_vendor(merged))
        if changed:
            self.version += 1
            self.updated_at = now
        return changed

    def take_on(self, checked: VendorFields) -> tuple[str, ...]:
        """Set checked fields; return the names of those that changed."""
        changed = tuple(sorted(n for n in EDITABLE if getattr(self, n) != getattr(checked, n)))
        for name in changed:
            setattr(self, name, getattr(checked, name))
        return changed

    @property
    def search_text(self) -> str:
        """What a ``q=`` search matches."""
        return search_text(self.name, self.contact_name, self.email)


def clean_vendor(fields: VendorFields) -> VendorFields:
    """Check a vendor's fields (422 naming every bad one); texts trimmed, blanks None."""
    check = Checker()
    texts = VendorFields(
        **{
            f: text(getattr(fields, f), LONG_TEXT if f == "description" else SHORT_TEXT)
            for f in TEXT
        }
    )
    if not texts.name:
        check.add("name", "is required")
    check.email("email", texts.email)
    check.pick("payment_terms", texts.payment_terms, tuple(PAYMENT_TERMS))
    check.raise_if_any()
    return dataclasses.replace(texts, address=Address.of(fields.address))
