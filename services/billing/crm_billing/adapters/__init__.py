"""Persistence and other infrastructure: tables, rows, repositories, protos, the PDF."""
