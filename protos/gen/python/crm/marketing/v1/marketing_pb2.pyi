import datetime

from crm.marketing.v1 import campaigns_pb2 as _campaigns_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetCampaignRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCampaignResponse(_message.Message):
    __slots__ = ("campaign",)
    CAMPAIGN_FIELD_NUMBER: _ClassVar[int]
    campaign: _campaigns_pb2.Campaign
    def __init__(self, campaign: _Optional[_Union[_campaigns_pb2.Campaign, _Mapping]] = ...) -> None: ...

class BatchGetCampaignsRequest(_message.Message):
    __slots__ = ("ids",)
    IDS_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetCampaignsResponse(_message.Message):
    __slots__ = ("campaigns", "missing_ids")
    CAMPAIGNS_FIELD_NUMBER: _ClassVar[int]
    MISSING_IDS_FIELD_NUMBER: _ClassVar[int]
    campaigns: _containers.RepeatedCompositeFieldContainer[_campaigns_pb2.Campaign]
    missing_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, campaigns: _Optional[_Iterable[_Union[_campaigns_pb2.Campaign, _Mapping]]] = ..., missing_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ListCampaignsRequest(_message.Message):
    __slots__ = ("updated_since", "status", "owner_id", "page_size", "page_token")
    UPDATED_SINCE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    updated_since: _timestamp_pb2.Timestamp
    status: str
    owner_id: str
    page_size: int
    page_token: str
    def __init__(self, updated_since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., owner_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCampaignsResponse(_message.Message):
    __slots__ = ("campaigns", "next_page_token")
    CAMPAIGNS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    campaigns: _containers.RepeatedCompositeFieldContainer[_campaigns_pb2.Campaign]
    next_page_token: str
    def __init__(self, campaigns: _Optional[_Iterable[_Union[_campaigns_pb2.Campaign, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SearchCampaignsRequest(_message.Message):
    __slots__ = ("query", "limit")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    query: str
    limit: int
    def __init__(self, query: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class SearchCampaignsResponse(_message.Message):
    __slots__ = ("campaigns",)
    CAMPAIGNS_FIELD_NUMBER: _ClassVar[int]
    campaigns: _containers.RepeatedCompositeFieldContainer[_campaigns_pb2.Campaign]
    def __init__(self, campaigns: _Optional[_Iterable[_Union[_campaigns_pb2.Campaign, _Mapping]]] = ...) -> None: ...

class RoiPeriod(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    def __init__(self, start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetCampaignRoiRequest(_message.Message):
    __slots__ = ("campaign_id", "period")
    CAMPAIGN_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    campaign_id: str
    period: RoiPeriod
    def __init__(self, campaign_id: _Optional[str] = ..., period: _Optional[_Union[RoiPeriod, _Mapping]] = ...) -> None: ...

class GetCampaignRoiResponse(_message.Message):
    __slots__ = ("roi",)
    ROI_FIELD_NUMBER: _ClassVar[int]
    roi: _campaigns_pb2.CampaignRoi
    def __init__(self, roi: _Optional[_Union[_campaigns_pb2.CampaignRoi, _Mapping]] = ...) -> None: ...

class ListCampaignRoiRequest(_message.Message):
    __slots__ = ("period", "page_size", "page_token")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    period: RoiPeriod
    page_size: int
    page_token: str
    def __init__(self, period: _Optional[_Union[RoiPeriod, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCampaignRoiResponse(_message.Message):
    __slots__ = ("campaigns", "next_page_token", "total_actual_cost", "total_won_revenue")
    class TotalActualCostEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class TotalWonRevenueEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CAMPAIGNS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_ACTUAL_COST_FIELD_NUMBER: _ClassVar[int]
    TOTAL_WON_REVENUE_FIELD_NUMBER: _ClassVar[int]
    campaigns: _containers.RepeatedCompositeFieldContainer[_campaigns_pb2.CampaignRoi]
    next_page_token: str
    total_actual_cost: _containers.ScalarMap[str, str]
    total_won_revenue: _containers.ScalarMap[str, str]
    def __init__(self, campaigns: _Optional[_Iterable[_Union[_campaigns_pb2.CampaignRoi, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_actual_cost: _Optional[_Mapping[str, str]] = ..., total_won_revenue: _Optional[_Mapping[str, str]] = ...) -> None: ...
