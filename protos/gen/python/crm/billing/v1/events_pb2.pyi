import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvoiceIssued(_message.Message):
    __slots__ = ("invoice_id", "number", "account_id", "contact_id", "quote_id", "sales_order_id", "currency", "total", "invoice_date", "due_date", "owner_id", "issued_at")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    SALES_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    INVOICE_DATE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    number: str
    account_id: str
    contact_id: str
    quote_id: str
    sales_order_id: str
    currency: str
    total: str
    invoice_date: str
    due_date: str
    owner_id: str
    issued_at: _timestamp_pb2.Timestamp
    def __init__(self, invoice_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., quote_id: _Optional[str] = ..., sales_order_id: _Optional[str] = ..., currency: _Optional[str] = ..., total: _Optional[str] = ..., invoice_date: _Optional[str] = ..., due_date: _Optional[str] = ..., owner_id: _Optional[str] = ..., issued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InvoicePaid(_message.Message):
    __slots__ = ("invoice_id", "number", "account_id", "currency", "total", "amount_paid", "amount_credited", "paid_on", "owner_id", "quote_id", "sales_order_id")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_PAID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_CREDITED_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    SALES_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    number: str
    account_id: str
    currency: str
    total: str
    amount_paid: str
    amount_credited: str
    paid_on: str
    owner_id: str
    quote_id: str
    sales_order_id: str
    def __init__(self, invoice_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., currency: _Optional[str] = ..., total: _Optional[str] = ..., amount_paid: _Optional[str] = ..., amount_credited: _Optional[str] = ..., paid_on: _Optional[str] = ..., owner_id: _Optional[str] = ..., quote_id: _Optional[str] = ..., sales_order_id: _Optional[str] = ...) -> None: ...

class InvoiceCancelled(_message.Message):
    __slots__ = ("invoice_id", "number", "account_id", "quote_id", "sales_order_id", "reason", "superseded_by_quote_id", "owner_id")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    SALES_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SUPERSEDED_BY_QUOTE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    number: str
    account_id: str
    quote_id: str
    sales_order_id: str
    reason: str
    superseded_by_quote_id: str
    owner_id: str
    def __init__(self, invoice_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., quote_id: _Optional[str] = ..., sales_order_id: _Optional[str] = ..., reason: _Optional[str] = ..., superseded_by_quote_id: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...

class InvoiceOverdue(_message.Message):
    __slots__ = ("invoice_id", "number", "account_id", "contact_id", "currency", "balance", "due_date", "days_overdue", "level", "reminded_on", "owner_id")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DAYS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    REMINDED_ON_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    number: str
    account_id: str
    contact_id: str
    currency: str
    balance: str
    due_date: str
    days_overdue: int
    level: int
    reminded_on: str
    owner_id: str
    def __init__(self, invoice_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., currency: _Optional[str] = ..., balance: _Optional[str] = ..., due_date: _Optional[str] = ..., days_overdue: _Optional[int] = ..., level: _Optional[int] = ..., reminded_on: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...

class ReceivedAllocation(_message.Message):
    __slots__ = ("invoice_id", "amount")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    amount: str
    def __init__(self, invoice_id: _Optional[str] = ..., amount: _Optional[str] = ...) -> None: ...

class PaymentReceived(_message.Message):
    __slots__ = ("payment_id", "number", "account_id", "amount", "currency", "method", "reference", "client_reference", "received_on", "allocations", "unallocated", "owner_id")
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_ON_FIELD_NUMBER: _ClassVar[int]
    ALLOCATIONS_FIELD_NUMBER: _ClassVar[int]
    UNALLOCATED_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    payment_id: str
    number: str
    account_id: str
    amount: str
    currency: str
    method: str
    reference: str
    client_reference: str
    received_on: str
    allocations: _containers.RepeatedCompositeFieldContainer[ReceivedAllocation]
    unallocated: str
    owner_id: str
    def __init__(self, payment_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., amount: _Optional[str] = ..., currency: _Optional[str] = ..., method: _Optional[str] = ..., reference: _Optional[str] = ..., client_reference: _Optional[str] = ..., received_on: _Optional[str] = ..., allocations: _Optional[_Iterable[_Union[ReceivedAllocation, _Mapping]]] = ..., unallocated: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...

class CreditNoteIssued(_message.Message):
    __slots__ = ("credit_note_id", "number", "invoice_id", "invoice_number", "account_id", "currency", "amount", "applied", "to_credit", "issued_on", "reason", "owner_id")
    CREDIT_NOTE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    INVOICE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    TO_CREDIT_FIELD_NUMBER: _ClassVar[int]
    ISSUED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    credit_note_id: str
    number: str
    invoice_id: str
    invoice_number: str
    account_id: str
    currency: str
    amount: str
    applied: str
    to_credit: str
    issued_on: str
    reason: str
    owner_id: str
    def __init__(self, credit_note_id: _Optional[str] = ..., number: _Optional[str] = ..., invoice_id: _Optional[str] = ..., invoice_number: _Optional[str] = ..., account_id: _Optional[str] = ..., currency: _Optional[str] = ..., amount: _Optional[str] = ..., applied: _Optional[str] = ..., to_credit: _Optional[str] = ..., issued_on: _Optional[str] = ..., reason: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...
