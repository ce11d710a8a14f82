from crm_chassis.db.migrate import run_env
from crm_identity.adapters.tables import metadata

run_env(metadata)
