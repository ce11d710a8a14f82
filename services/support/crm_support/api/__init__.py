"""The REST API (/api/support/v1).

One module per resource, each with a module-level Blueprint listed in ``app.py``.
"""
