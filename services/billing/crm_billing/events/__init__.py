"""Integration events: outgoing (domain event -> versioned payload), incoming (sales, contacts)."""
