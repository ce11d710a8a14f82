"""MarketingService over a real socket: campaigns get, batch, sync list, search, ROI; the
caller's record scope applies."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import grpc
import pytest

from crm.marketing.v1 import marketing_pb2 as pb
from crm.marketing.v1 import marketing_pb2_grpc as pb_grpc
from crm_access import token_verifier
from crm_chassis.testing.service import serving_grpc
from crm_marketing.domain.campaigns import CampaignFields
from crm_marketing.domain.commands import CreateCampaign, DeleteCampaign, UpdateCampaign
from crm_marketing.domain.roi_commands import CreditLead, CreditOpportunity
from crm_marketing.grpc_api.servicer import register

AT = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def stub(service, settings):
    verifier = token_verifier(settings, service.access.store)
    with serving_grpc(settings, register(service), verifier) as ch:
        yield pb_grpc.MarketingServiceStub(ch)


@pytest.fixture
def admin(token_factory):
    sub = str(uuid.uuid4())
    token = token_factory.admin(sub)
    return sub, [("authorization", f"Bearer {token}")]


def _make(service, token_factory, sub: str, name: str, **fields):
    principal = token_factory.verifier().verify(token_factory.admin(sub))
    fields = CampaignFields(name=name, **fields)
    return service.run(CreateCampaign(fields=fields), caller=principal), principal


def test_get_batch_search_and_missing(stub, service, token_factory, admin):
    sub, md = admin
    a, _ = _make(service, token_factory, sub, "Spring webinar", campaign_type="Webinar")
    b, _ = _make(service, token_factory, sub, "Autumn fair", actual_cost=Decimal("10"))
    got = stub.GetCampaign(pb.GetCampaignRequest(id=str(a.id)), metadata=md, timeout=5)
    assert (got.campaign.name, got.campaign.status) == ("Spring webinar", "Planning")
    assert got.campaign.campaign_type == "Webinar"
    ghost = str(uuid.uuid4())
    batch = stub.BatchGetCampaigns(
        pb.BatchGetCampaignsRequest(ids=[str(b.id), ghost, str(a.id)]), metadata=md, timeout=5
    )
    assert [c.name for c in batch.campaigns] == ["Autumn fair", "Spring webinar"]
    assert list(batch.missing_ids) == [ghost]
    found = stub.SearchCampaigns(pb.SearchCampaignsRequest(query="fair"), metadata=md, timeout=5)
    assert [c.actual_cost for c in found.campaigns] == ["10.00"]
    with pytest.raises(grpc.RpcError) as err:
        stub.GetCampaign(pb.GetCampaignRequest(id=ghost), metadata=md, timeout=5)
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as err:
        stub.SearchCampaigns(pb.SearchCampaignsRequest(query=" "), metadata=md, timeout=5)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_list_pages_by_updated_since_and_shows_deletions(stub, service, token_factory, admin):
    sub, md = admin
    made = [_make(service, token_factory, sub, f"C{n}") for n in range(3)]
    first, principal = made[0]
    service.run(DeleteCampaign(campaign_id=first.id), caller=principal)
    seen, token = [], ""
    while True:
        page = stub.ListCampaigns(
            pb.ListCampaignsRequest(page_size=2, page_token=token), metadata=md, timeout=5
        )
        seen += list(page.campaigns)
        token = page.next_page_token
        if not token:
            break
    assert len(seen) == 3
    deleted = [c for c in seen if c.HasField("deleted_at")]
    assert [c.id for c in deleted] == [str(first.id)]
    assert seen[-1].id == str(first.id)  # the latest change comes last


def test_roi_rpcs(stub, service, token_factory, admin):
    sub, md = admin
    campaign, principal = _make(service, token_factory, sub, "Fair", actual_cost=Decimal("100"))
    service.run(
        UpdateCampaign(campaign.id, CampaignFields(), frozenset(), status="Active"),
        caller=principal,
    )
    service.run(CreditLead(uuid.uuid4(), campaign.id, "api", AT))
    deal = uuid.uuid4()
    service.run(CreditOpportunity(deal, campaign.id, "won", Decimal("250"), "EUR", 1, AT))
    one = stub.GetCampaignRoi(
        pb.GetCampaignRoiRequest(campaign_id=str(campaign.id)), metadata=md, timeout=5
    )
    assert (one.roi.leads, one.roi.won_revenue, one.roi.roi) == (1, "250.00", "1.5000")
    listed = stub.ListCampaignRoi(pb.ListCampaignRoiRequest(), metadata=md, timeout=5)
    assert [c.name for c in listed.campaigns] == ["Fair"]
    assert dict(listed.total_won_revenue) == {"EUR": "250.00"}
    later = pb.ListCampaignRoiRequest()
    later.period.start.FromDatetime(datetime(2026, 4, 1))
    after = stub.ListCampaignRoi(later, metadata=md, timeout=5)
    assert after.campaigns[0].leads == 0 and after.campaigns[0].roi == "-1.0000"


def test_without_the_module_it_is_permission_denied(stub, token_factory):
    md = [("authorization", f"Bearer {token_factory.issue(str(uuid.uuid4()), perms=[])}")]
    with pytest.raises(grpc.RpcError) as err:
        stub.ListCampaignRoi(pb.ListCampaignRoiRequest(), metadata=md, timeout=5)
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
