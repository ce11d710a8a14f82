"""The REST API (/api/sales/v1): one module per resource, each with a module-level Blueprint."""
