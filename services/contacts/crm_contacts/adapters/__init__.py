"""Persistence and other infrastructure: tables, repositories, the owner directory cache."""
