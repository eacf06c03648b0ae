"""CLI command groups; each module exposes ``COMMANDS`` for ``tracker.cli`` to register."""
