"""Reads: gets, lists and searches, which do not go through commands.

Lists page by cursor (``crm_chassis.pagination``), put the caller's record scope in the SQL
(``access.decider().record_scope(...).sql(...)``, so invisible records are never fetched)
and drop the fields the caller may not see. Marketing has nothing to read yet.
"""
