"""The adapters of marketing.

Tables, rows <-> aggregates, repositories, clients of other services (gRPC), other
infrastructure.

They implement the ports of ``domain/ports.py``; ``bootstrap.py`` chooses them.
"""
