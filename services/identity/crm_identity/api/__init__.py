"""Identity's REST API: one module per resource with a module-level Blueprint; ``app.py``
collects them."""

BASE = "/api/identity/v1"

# Administration of the access model is the "settings" module: administrators only.
SETTINGS_VIEW = ("settings", "view")
SETTINGS_EDIT = ("settings", "edit")
