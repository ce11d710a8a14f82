import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Campaign(_message.Message):
    __slots__ = ("id", "name", "campaign_type", "status", "start_date", "end_date", "currency", "budget", "actual_cost", "expected_revenue", "expected_response", "expected_response_count", "target_audience", "target_size", "sponsor", "description", "owner_id", "created_by", "created_at", "updated_at", "version", "deleted_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CAMPAIGN_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_COST_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_REVENUE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_RESPONSE_COUNT_FIELD_NUMBER: _ClassVar[int]
    TARGET_AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_SIZE_FIELD_NUMBER: _ClassVar[int]
    SPONSOR_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DELETED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    campaign_type: str
    status: str
    start_date: str
    end_date: str
    currency: str
    budget: str
    actual_cost: str
    expected_revenue: str
    expected_response: str
    expected_response_count: int
    target_audience: str
    target_size: int
    sponsor: str
    description: str
    owner_id: str
    created_by: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    version: int
    deleted_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., campaign_type: _Optional[str] = ..., status: _Optional[str] = ..., start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., currency: _Optional[str] = ..., budget: _Optional[str] = ..., actual_cost: _Optional[str] = ..., expected_revenue: _Optional[str] = ..., expected_response: _Optional[str] = ..., expected_response_count: _Optional[int] = ..., target_audience: _Optional[str] = ..., target_size: _Optional[int] = ..., sponsor: _Optional[str] = ..., description: _Optional[str] = ..., owner_id: _Optional[str] = ..., created_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ..., deleted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CampaignMember(_message.Message):
    __slots__ = ("campaign_id", "member_type", "member_id", "response_status", "display_name", "added_by", "added_at")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_STATUS_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDED_BY_FIELD_NUMBER: _ClassVar[int]
    ADDED_AT_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    member_type: str
    member_id: str
    response_status: str
    display_name: str
    added_by: str
    added_at: _timestamp_pb2.Timestamp
    def __init__(self, campaign_id: _Optional[str] = ..., member_type: _Optional[str] = ..., member_id: _Optional[str] = ..., response_status: _Optional[str] = ..., display_name: _Optional[str] = ..., added_by: _Optional[str] = ..., added_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CampaignRoi(_message.Message):
    __slots__ = ("campaign_id", "name", "status", "currency", "actual_cost", "submissions", "leads", "conversions", "opportunities", "won_opportunities", "lost_opportunities", "won_revenue", "cost_per_lead", "cost_per_conversion", "roi", "won_revenue_other_currencies")
    class WonRevenueOtherCurrenciesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ACTUAL_COST_FIELD_NUMBER: _ClassVar[int]
    SUBMISSIONS_FIELD_NUMBER: _ClassVar[int]
    LEADS_FIELD_NUMBER: _ClassVar[int]
    CONVERSIONS_FIELD_NUMBER: _ClassVar[int]
    OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    WON_OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    LOST_OPPORTUNITIES_FIELD_NUMBER: _ClassVar[int]
    WON_REVENUE_FIELD_NUMBER: _ClassVar[int]
    COST_PER_LEAD_FIELD_NUMBER: _ClassVar[int]
    COST_PER_CONVERSION_FIELD_NUMBER: _ClassVar[int]
    ROI_FIELD_NUMBER: _ClassVar[int]
    WON_REVENUE_OTHER_CURRENCIES_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    name: str
    status: str
    currency: str
    actual_cost: str
    submissions: int
    leads: int
    conversions: int
    opportunities: int
    won_opportunities: int
    lost_opportunities: int
    won_revenue: str
    cost_per_lead: str
    cost_per_conversion: str
    roi: str
    won_revenue_other_currencies: _containers.ScalarMap[str, str]
    def __init__(self, campaign_id: _Optional[str] = ..., name: _Optional[str] = ..., status: _Optional[str] = ..., currency: _Optional[str] = ..., actual_cost: _Optional[str] = ..., submissions: _Optional[int] = ..., leads: _Optional[int] = ..., conversions: _Optional[int] = ..., opportunities: _Optional[int] = ..., won_opportunities: _Optional[int] = ..., lost_opportunities: _Optional[int] = ..., won_revenue: _Optional[str] = ..., cost_per_lead: _Optional[str] = ..., cost_per_conversion: _Optional[str] = ..., roi: _Optional[str] = ..., won_revenue_other_currencies: _Optional[_Mapping[str, str]] = ...) -> None: ...
