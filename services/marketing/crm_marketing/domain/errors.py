"""Errors of marketing's rules, as subclasses of the chassis's kinds.

``crm_chassis.errors`` holds the kinds (``Conflict``, ``InvalidFields``, ``RecordNotFound``,
``VersionMismatch``, ...) and maps each to an HTTP status and a gRPC code in one place; a
rule raises, say, ``class TicketAlreadyClosed(Conflict)``, and no view catches it.
"""
