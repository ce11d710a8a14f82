"""Test helpers and the pytest plugin for real brokers, databases and processes."""
