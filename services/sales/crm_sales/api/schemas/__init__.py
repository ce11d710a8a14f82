"""Request and response schemas, one module per resource (parts shared in ``parts``)."""

from crm_sales.api.schemas.catalog import *  # noqa: F403 - the routes not yet declared
from crm_sales.api.schemas.conversion import *  # noqa: F403
from crm_sales.api.schemas.enquiries import *  # noqa: F403
from crm_sales.api.schemas.leads import *  # noqa: F403
from crm_sales.api.schemas.opportunities import *  # noqa: F403
from crm_sales.api.schemas.orders import *  # noqa: F403
from crm_sales.api.schemas.quotes import *  # noqa: F403
from crm_sales.api.schemas.reports import *  # noqa: F403
from crm_sales.api.schemas.rules import *  # noqa: F403
