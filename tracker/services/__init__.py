"""Use-cases. Each public method is one transaction and returns read models (never rows)."""
