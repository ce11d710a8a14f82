"""The layers of docs/adding-a-service.md hold inside crm_marketing.

Layers import downwards only (entrypoints > api | grpc_api | events.incoming > bootstrap >
events.outgoing > service > adapters > domain; the three of one layer not each other), the
domain imports no framework, driver or generated code, and the service layer no transport.
The root pyproject's import-linter contracts say the same for the services listed there;
this test holds from the day the service is made.
"""

from __future__ import annotations

from crm_chassis.testing.layering import forbidden_imports, upward_imports


def test_layers_import_downwards_only():
    assert upward_imports("crm_marketing") == []


def test_domain_and_service_import_no_framework_driver_or_generated_code():
    assert forbidden_imports("crm_marketing") == []
