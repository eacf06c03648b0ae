"""The terminal app (Textual). Talks only to ``tracker.services`` and ``tracker.domain``."""
