import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ServiceContract(_message.Message):
    __slots__ = ("id", "number", "account_id", "owner_id", "subject", "contract_type", "start_date", "end_date", "sla_policy_id", "tracking_unit", "total_units", "used_units", "remaining_units", "review_date", "status", "created_at", "updated_at", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_TYPE_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    SLA_POLICY_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKING_UNIT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_UNITS_FIELD_NUMBER: _ClassVar[int]
    USED_UNITS_FIELD_NUMBER: _ClassVar[int]
    REMAINING_UNITS_FIELD_NUMBER: _ClassVar[int]
    REVIEW_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    number: str
    account_id: str
    owner_id: str
    subject: str
    contract_type: str
    start_date: str
    end_date: str
    sla_policy_id: str
    tracking_unit: str
    total_units: str
    used_units: str
    remaining_units: str
    review_date: str
    status: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    version: int
    def __init__(self, id: _Optional[str] = ..., number: _Optional[str] = ..., account_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., subject: _Optional[str] = ..., contract_type: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., sla_policy_id: _Optional[str] = ..., tracking_unit: _Optional[str] = ..., total_units: _Optional[str] = ..., used_units: _Optional[str] = ..., remaining_units: _Optional[str] = ..., review_date: _Optional[str] = ..., status: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...
