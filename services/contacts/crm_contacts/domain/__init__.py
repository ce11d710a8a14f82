"""Business rules of accounts, contacts, activities, the timeline and imports: pure Python."""
