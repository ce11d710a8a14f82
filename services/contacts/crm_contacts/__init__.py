"""The contacts service: accounts, contacts and the local owner directory."""
