"""Pick lists shipped with the product (docs/domain.md, "Pick lists"): tuples of the values
a field may take, checked on every write. Support has none yet."""
