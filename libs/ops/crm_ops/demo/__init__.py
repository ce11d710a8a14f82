"""The demo data set: one small module per service, loaded through the public API.

Each module holds its data as plain Python structures and a ``load(api, ...)`` function
that looks every record up by a stable key (a name, an e-mail, a code, a client reference)
before creating it, so a second run adds nothing.
"""
