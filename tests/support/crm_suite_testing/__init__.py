"""Test helpers that know the whole suite: the Procfile, the gateway, the services' wiring."""
