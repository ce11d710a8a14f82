"""The gRPC API: BillingService servicer and its mapping (thin)."""
