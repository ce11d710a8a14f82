"""Domain events: what happened in marketing, frozen dataclasses named in the past tense.

Aggregates record them (a list ``events``); the unit of work hands each to
``events/outgoing.py``, which turns the ones other services hear into versioned integration
events, written to the outbox in the same transaction as the change.
"""
