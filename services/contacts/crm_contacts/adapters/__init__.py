"""Persistence and other infrastructure: tables, repositories, bulk imports, gRPC reads."""
