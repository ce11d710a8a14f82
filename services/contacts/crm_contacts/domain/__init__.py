"""Business rules of accounts, contacts and owners: pure Python, no I/O frameworks."""
