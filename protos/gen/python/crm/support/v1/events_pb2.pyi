import datetime

from crm.support.v1 import tickets_pb2 as _tickets_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TicketOpened(_message.Message):
    __slots__ = ("ticket",)
    TICKET_FIELD_NUMBER: _ClassVar[int]
    ticket: _tickets_pb2.Ticket
    def __init__(self, ticket: _Optional[_Union[_tickets_pb2.Ticket, _Mapping]] = ...) -> None: ...

class TicketAssigned(_message.Message):
    __slots__ = ("ticket", "previous_owner_id", "reason", "rule_id", "assigned_by", "assigned_at")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RULE_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_BY_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_AT_FIELD_NUMBER: _ClassVar[int]
    ticket: _tickets_pb2.Ticket
    previous_owner_id: str
    reason: str
    rule_id: str
    assigned_by: str
    assigned_at: _timestamp_pb2.Timestamp
    def __init__(self, ticket: _Optional[_Union[_tickets_pb2.Ticket, _Mapping]] = ..., previous_owner_id: _Optional[str] = ..., reason: _Optional[str] = ..., rule_id: _Optional[str] = ..., assigned_by: _Optional[str] = ..., assigned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketStatusChanged(_message.Message):
    __slots__ = ("ticket", "from_status", "to_status", "reason", "changed_by", "changed_at")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    ticket: _tickets_pb2.Ticket
    from_status: str
    to_status: str
    reason: str
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, ticket: _Optional[_Union[_tickets_pb2.Ticket, _Mapping]] = ..., from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., reason: _Optional[str] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketResolved(_message.Message):
    __slots__ = ("ticket", "resolved_at")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    ticket: _tickets_pb2.Ticket
    resolved_at: _timestamp_pb2.Timestamp
    def __init__(self, ticket: _Optional[_Union[_tickets_pb2.Ticket, _Mapping]] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketClosed(_message.Message):
    __slots__ = ("ticket", "closed_at")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    ticket: _tickets_pb2.Ticket
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, ticket: _Optional[_Union[_tickets_pb2.Ticket, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketReopened(_message.Message):
    __slots__ = ("ticket", "reason", "reopened_by", "reopened_at")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REOPENED_BY_FIELD_NUMBER: _ClassVar[int]
    REOPENED_AT_FIELD_NUMBER: _ClassVar[int]
    ticket: _tickets_pb2.Ticket
    reason: str
    reopened_by: str
    reopened_at: _timestamp_pb2.Timestamp
    def __init__(self, ticket: _Optional[_Union[_tickets_pb2.Ticket, _Mapping]] = ..., reason: _Optional[str] = ..., reopened_by: _Optional[str] = ..., reopened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketCommentAdded(_message.Message):
    __slots__ = ("ticket", "comment_id", "is_public", "body", "author_id", "author_kind", "created_at", "message_id")
    TICKET_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    IS_PUBLIC_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_KIND_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    ticket: _tickets_pb2.Ticket
    comment_id: str
    is_public: bool
    body: str
    author_id: str
    author_kind: str
    created_at: _timestamp_pb2.Timestamp
    message_id: str
    def __init__(self, ticket: _Optional[_Union[_tickets_pb2.Ticket, _Mapping]] = ..., comment_id: _Optional[str] = ..., is_public: _Optional[bool] = ..., body: _Optional[str] = ..., author_id: _Optional[str] = ..., author_kind: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., message_id: _Optional[str] = ...) -> None: ...
