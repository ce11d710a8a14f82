"""Integration events: outgoing (domain event -> versioned payload), incoming (identity)."""
