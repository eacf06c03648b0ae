"""Creating the release the new-release form asked for (run in the app's worker thread)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService
    from tracker.tui.widgets.new_release_form import NewRelease


def create_release(
    service: TrackerService, request: NewRelease, warn: Callable[[str], None]
) -> str:
    """Create it from its template or Markdown checklist (whose ticked boxes come in done);
    ``warn`` is told what the Markdown import could not take. Returns the release's name."""
    template, imported = request.template, None
    if request.markdown:
        from tracker.services.templates import load_markdown_template

        imported = load_markdown_template(request.markdown)
        template = imported.template
        if imported.warnings:
            warn("\n".join(imported.warnings[:3]))
    assert template is not None
    release = service.releases.create_release(
        request.name,
        template,
        environment=request.environment,
        target_date=request.target_date,
        variables=request.variables,
        imported=imported.states if imported else None,
        imported_from=Path(request.markdown).name if request.markdown else None,
    )
    return release.name
