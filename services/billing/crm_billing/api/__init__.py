"""The REST API (/api/billing/v1): one module of declared views per resource; ``app.py``
builds the Flask app around the wired service."""
