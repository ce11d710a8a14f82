"""The gRPC API of support: the servicer and the proto <-> domain mapping, thin.

It implements ``SupportService`` of ``protos/crm/support/v1``.
"""
