"""The REST API (/api/contacts/v1): one module per resource, each with a Blueprint."""
