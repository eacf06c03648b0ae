"""What an export writes: the release as Markdown or JSON, or the retrospective (Markdown)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService

FORMATS = ("md", "json", "retro")


def export_text(service: TrackerService, release: str, fmt: str, now: datetime) -> str:
    """Render one export (runs in a worker: it reads the database)."""
    if fmt == "retro":
        return service.retro_markdown(release)
    view = service.release_view(release)
    if fmt == "json":
        from tracker.domain.export_json import release_to_json

        return release_to_json(view, generated_at=now)
    from tracker.domain.export_md import release_to_markdown

    return release_to_markdown(view, generated_at=now)
