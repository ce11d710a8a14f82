"""``python -m crm_gateway``: same as the ``crm-gateway-errors`` console script."""

from crm_gateway.server import main

raise SystemExit(main())
