"""Integration events: outgoing (domain event -> versioned payload) and incoming (handlers)."""
