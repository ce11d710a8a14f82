import datetime

from crm.contacts.v1 import contacts_pb2 as _contacts_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AccountCreated(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: _contacts_pb2.Account
    def __init__(self, account: _Optional[_Union[_contacts_pb2.Account, _Mapping]] = ...) -> None: ...

class AccountUpdated(_message.Message):
    __slots__ = ("account", "changed_fields")
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    account: _contacts_pb2.Account
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, account: _Optional[_Union[_contacts_pb2.Account, _Mapping]] = ..., changed_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class AccountDeleted(_message.Message):
    __slots__ = ("account_id", "version", "deleted_at", "deleted_by")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    version: int
    deleted_at: _timestamp_pb2.Timestamp
    deleted_by: str
    def __init__(self, account_id: _Optional[str] = ..., version: _Optional[int] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deleted_by: _Optional[str] = ...) -> None: ...

class AccountMerged(_message.Message):
    __slots__ = ("surviving_account", "merged_account_ids", "merged_at", "merged_by")
    SURVIVING_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    MERGED_ACCOUNT_IDS_FIELD_NUMBER: _ClassVar[int]
    MERGED_AT_FIELD_NUMBER: _ClassVar[int]
    MERGED_BY_FIELD_NUMBER: _ClassVar[int]
    surviving_account: _contacts_pb2.Account
    merged_account_ids: _containers.RepeatedScalarFieldContainer[str]
    merged_at: _timestamp_pb2.Timestamp
    merged_by: str
    def __init__(self, surviving_account: _Optional[_Union[_contacts_pb2.Account, _Mapping]] = ..., merged_account_ids: _Optional[_Iterable[str]] = ..., merged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., merged_by: _Optional[str] = ...) -> None: ...

class ContactCreated(_message.Message):
    __slots__ = ("contact",)
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    contact: _contacts_pb2.Contact
    def __init__(self, contact: _Optional[_Union[_contacts_pb2.Contact, _Mapping]] = ...) -> None: ...

class ContactMerged(_message.Message):
    __slots__ = ("surviving_contact", "merged_contact_ids", "merged_at", "merged_by")
    SURVIVING_CONTACT_FIELD_NUMBER: _ClassVar[int]
    MERGED_CONTACT_IDS_FIELD_NUMBER: _ClassVar[int]
    MERGED_AT_FIELD_NUMBER: _ClassVar[int]
    MERGED_BY_FIELD_NUMBER: _ClassVar[int]
    surviving_contact: _contacts_pb2.Contact
    merged_contact_ids: _containers.RepeatedScalarFieldContainer[str]
    merged_at: _timestamp_pb2.Timestamp
    merged_by: str
    def __init__(self, surviving_contact: _Optional[_Union[_contacts_pb2.Contact, _Mapping]] = ..., merged_contact_ids: _Optional[_Iterable[str]] = ..., merged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., merged_by: _Optional[str] = ...) -> None: ...

class ContactUpdated(_message.Message):
    __slots__ = ("contact", "changed_fields")
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    contact: _contacts_pb2.Contact
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, contact: _Optional[_Union[_contacts_pb2.Contact, _Mapping]] = ..., changed_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class ContactDeleted(_message.Message):
    __slots__ = ("contact_id", "account_id", "version", "deleted_at", "deleted_by")
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    contact_id: str
    account_id: str
    version: int
    deleted_at: _timestamp_pb2.Timestamp
    deleted_by: str
    def __init__(self, contact_id: _Optional[str] = ..., account_id: _Optional[str] = ..., version: _Optional[int] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., deleted_by: _Optional[str] = ...) -> None: ...
