import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CapturedAddress(_message.Message):
    __slots__ = ("street", "city", "state", "postal_code", "country")
    STREET_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    street: str
    city: str
    state: str
    postal_code: str
    country: str
    def __init__(self, street: _Optional[str] = ..., city: _Optional[str] = ..., state: _Optional[str] = ..., postal_code: _Optional[str] = ..., country: _Optional[str] = ...) -> None: ...

class LeadCaptured(_message.Message):
    __slots__ = ("submission_id", "form_id", "campaign_id", "salutation", "first_name", "last_name", "company", "title", "email", "phone", "mobile", "website", "industry", "address", "description", "lead_source", "owner_id", "extra", "tags", "captured_at")
    class ExtraEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SUBMISSION_ID_FIELD_NUMBER: _ClassVar[int]
    FORM_ID_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    SALUTATION_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    WEBSITE_FIELD_NUMBER: _ClassVar[int]
    INDUSTRY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LEAD_SOURCE_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    EXTRA_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CAPTURED_AT_FIELD_NUMBER: _ClassVar[int]
    submission_id: str
    form_id: str
    campaign_id: str
    salutation: str
    first_name: str
    last_name: str
    company: str
    title: str
    email: str
    phone: str
    mobile: str
    website: str
    industry: str
    address: CapturedAddress
    description: str
    lead_source: str
    owner_id: str
    extra: _containers.ScalarMap[str, str]
    tags: _containers.RepeatedScalarFieldContainer[str]
    captured_at: _timestamp_pb2.Timestamp
    def __init__(self, submission_id: _Optional[str] = ..., form_id: _Optional[str] = ..., campaign_id: _Optional[str] = ..., salutation: _Optional[str] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., company: _Optional[str] = ..., title: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., mobile: _Optional[str] = ..., website: _Optional[str] = ..., industry: _Optional[str] = ..., address: _Optional[_Union[CapturedAddress, _Mapping]] = ..., description: _Optional[str] = ..., lead_source: _Optional[str] = ..., owner_id: _Optional[str] = ..., extra: _Optional[_Mapping[str, str]] = ..., tags: _Optional[_Iterable[str]] = ..., captured_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecipientUnsubscribed(_message.Message):
    __slots__ = ("address", "mailing_id", "contact_id", "lead_id", "unsubscribed_at")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    MAILING_ID_FIELD_NUMBER: _ClassVar[int]
    CONTACT_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_ID_FIELD_NUMBER: _ClassVar[int]
    UNSUBSCRIBED_AT_FIELD_NUMBER: _ClassVar[int]
    address: str
    mailing_id: str
    contact_id: str
    lead_id: str
    unsubscribed_at: _timestamp_pb2.Timestamp
    def __init__(self, address: _Optional[str] = ..., mailing_id: _Optional[str] = ..., contact_id: _Optional[str] = ..., lead_id: _Optional[str] = ..., unsubscribed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
