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

class TicketSlaWarning(_message.Message):
    __slots__ = ("ticket_id", "number", "title", "account_id", "contact_id", "owner_id", "owner_kind", "manager_id", "target", "policy_id", "started_at", "due_at", "warned_at")
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_KIND_FIELD_NUMBER: _ClassVar[int]
    MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    WARNED_AT_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    number: str
    title: str
    account_id: str
    contact_id: str
    owner_id: str
    owner_kind: str
    manager_id: str
    target: str
    policy_id: str
    started_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    warned_at: _timestamp_pb2.Timestamp
    def __init__(self, ticket_id: _Optional[str] = ..., number: _Optional[str] = ..., title: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_kind: _Optional[str] = ..., manager_id: _Optional[str] = ..., target: _Optional[str] = ..., policy_id: _Optional[str] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., warned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TicketSlaBreached(_message.Message):
    __slots__ = ("ticket_id", "number", "title", "account_id", "contact_id", "owner_id", "owner_kind", "manager_id", "target", "policy_id", "started_at", "due_at", "breached_at")
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_KIND_FIELD_NUMBER: _ClassVar[int]
    MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    BREACHED_AT_FIELD_NUMBER: _ClassVar[int]
    ticket_id: str
    number: str
    title: str
    account_id: str
    contact_id: str
    owner_id: str
    owner_kind: str
    manager_id: str
    target: str
    policy_id: str
    started_at: _timestamp_pb2.Timestamp
    due_at: _timestamp_pb2.Timestamp
    breached_at: _timestamp_pb2.Timestamp
    def __init__(self, ticket_id: _Optional[str] = ..., number: _Optional[str] = ..., title: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_kind: _Optional[str] = ..., manager_id: _Optional[str] = ..., target: _Optional[str] = ..., policy_id: _Optional[str] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., breached_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContractExhausted(_message.Message):
    __slots__ = ("contract_id", "number", "account_id", "owner_id", "subject", "tracking_unit", "total_units", "used_units", "end_date", "exhausted_at")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    TRACKING_UNIT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_UNITS_FIELD_NUMBER: _ClassVar[int]
    USED_UNITS_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    EXHAUSTED_AT_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    number: str
    account_id: str
    owner_id: str
    subject: str
    tracking_unit: str
    total_units: str
    used_units: str
    end_date: str
    exhausted_at: _timestamp_pb2.Timestamp
    def __init__(self, contract_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., subject: _Optional[str] = ..., tracking_unit: _Optional[str] = ..., total_units: _Optional[str] = ..., used_units: _Optional[str] = ..., end_date: _Optional[str] = ..., exhausted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContractExpired(_message.Message):
    __slots__ = ("contract_id", "number", "account_id", "owner_id", "subject", "end_date", "expired_at")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_AT_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    number: str
    account_id: str
    owner_id: str
    subject: str
    end_date: str
    expired_at: _timestamp_pb2.Timestamp
    def __init__(self, contract_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., subject: _Optional[str] = ..., end_date: _Optional[str] = ..., expired_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContractReviewDue(_message.Message):
    __slots__ = ("contract_id", "number", "account_id", "owner_id", "subject", "review_date", "end_date")
    CONTRACT_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    contract_id: str
    number: str
    account_id: str
    owner_id: str
    subject: str
    review_date: str
    end_date: str
    def __init__(self, contract_id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., subject: _Optional[str] = ..., review_date: _Optional[str] = ..., end_date: _Optional[str] = ...) -> None: ...

class FeedbackReceived(_message.Message):
    __slots__ = ("feedback_id", "ticket_id", "ticket_number", "account_id", "contact_id", "owner_id", "agent_id", "team_id", "team_kind", "score", "received_at")
    FEEDBACK_ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_ID_FIELD_NUMBER: _ClassVar[int]
    TEAM_KIND_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    feedback_id: str
    ticket_id: str
    ticket_number: str
    account_id: str
    contact_id: str
    owner_id: str
    agent_id: str
    team_id: str
    team_kind: str
    score: int
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, feedback_id: _Optional[str] = ..., ticket_id: _Optional[str] = ..., ticket_number: _Optional[str] = ..., account_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., team_id: _Optional[str] = ..., team_kind: _Optional[str] = ..., score: _Optional[int] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
