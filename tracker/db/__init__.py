"""Persistence: SQLModel tables, engine set-up, migrations, repository and query functions."""
