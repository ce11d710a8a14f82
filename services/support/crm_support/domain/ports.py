"""Ports: what support's use cases need from the world, as ``typing.Protocol`` classes.

Another service's data (read over gRPC), a mail server, a PDF renderer: each is a protocol
here, implemented in ``adapters/`` and chosen in ``bootstrap.py``, so use cases and their
tests never touch the wire.
"""
