"""The REST API (/api/marketing/v1).

One module per resource, each with a module-level Blueprint listed in ``app.py``.
"""
