import datetime

from crm.marketing.v1 import campaigns_pb2 as _campaigns_pb2
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

class CampaignCreated(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _campaigns_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_campaigns_pb2.Campaign, _Mapping]] = ...) -> None: ...

class CampaignUpdated(_message.Message):
    __slots__ = ("campaign", "changed", "deleted")
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    campaign: _campaigns_pb2.Campaign
    changed: _containers.RepeatedScalarFieldContainer[str]
    deleted: bool
    def __init__(self, campaign: _Optional[_Union[_campaigns_pb2.Campaign, _Mapping]] = ..., changed: _Optional[_Iterable[str]] = ..., deleted: _Optional[bool] = ...) -> None: ...

class CampaignStatusChanged(_message.Message):
    __slots__ = ("campaign", "from_status", "to_status", "reason", "changed_by", "changed_at")
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    campaign: _campaigns_pb2.Campaign
    from_status: str
    to_status: str
    reason: str
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, campaign: _Optional[_Union[_campaigns_pb2.Campaign, _Mapping]] = ..., from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., reason: _Optional[str] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CampaignMemberAdded(_message.Message):
    __slots__ = ("member", "campaign_name", "campaign_owner_id")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_NAME_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    member: _campaigns_pb2.CampaignMember
    campaign_name: str
    campaign_owner_id: str
    def __init__(self, member: _Optional[_Union[_campaigns_pb2.CampaignMember, _Mapping]] = ..., campaign_name: _Optional[str] = ..., campaign_owner_id: _Optional[str] = ...) -> None: ...
