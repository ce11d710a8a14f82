"""Shared mechanisms every CRM service is built from. No business rules live here."""
