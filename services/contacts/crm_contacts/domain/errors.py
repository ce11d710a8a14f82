"""Domain errors: each is one of the chassis's transport-neutral kinds."""

from __future__ import annotations

from crm_chassis.errors import Conflict, FieldError, NotFound


class AccountNotFound(NotFound):
    def __init__(self, account_id: object) -> None:
        super().__init__(f"Account {account_id} does not exist.")


class ContactNotFound(NotFound):
    def __init__(self, contact_id: object) -> None:
        super().__init__(f"Contact {contact_id} does not exist.")


class AccountHasContacts(Conflict):
    def __init__(self, account_id: object) -> None:
        super().__init__(f"Account {account_id} still has contacts; delete or move them first.")


class RecordAlreadyDeleted(Conflict):
    def __init__(self, record_id: object) -> None:
        super().__init__(f"Record {record_id} is already deleted.")


class NotRestorable(Conflict):
    def __init__(self, record_id: object, why: str) -> None:
        super().__init__(f"Record {record_id} cannot be restored: {why}.")


class DuplicateCustomerCode(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__(
            f"Customer code {code} is taken by another account.",
            errors=[FieldError("customer_code", "is taken by another account")],
        )


class DeletionRequestNotFound(NotFound):
    def __init__(self, request_id: object) -> None:
        super().__init__(f"Deletion request {request_id} does not exist.")


class DeletionRequestDecided(Conflict):
    def __init__(self, request_id: object, status: str) -> None:
        super().__init__(f"Deletion request {request_id} is already {status}.")


class MergeNotAllowed(Conflict):
    def __init__(self, why: str) -> None:
        super().__init__(f"These records cannot be merged: {why}.")
