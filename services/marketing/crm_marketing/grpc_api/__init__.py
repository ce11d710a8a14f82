"""The gRPC API of marketing: the servicer and the proto <-> domain mapping, thin.

It implements ``MarketingService`` of ``protos/crm/marketing/v1``.
"""
