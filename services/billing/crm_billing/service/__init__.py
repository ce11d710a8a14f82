"""Use cases (one function per command), the unit of work, queries and access decisions."""
