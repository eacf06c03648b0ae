"""The new-release form offers only templates that `template validate` accepts (issue 15,
"Strict means strict"): one of your own with an unknown check id is left out, with its reason
shown, as `template list` lists it INVALID and `release new` refuses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from tests.tui.conftest import make_app, settle, wait_until
from tests.unit.test_template_loader import with_item_a
from tracker.domain.clock import FixedClock
from tracker.services.tracker import TrackerService
from tracker.tui.screens.first_run_screen import FirstRunScreen


async def test_a_template_with_an_unknown_check_is_not_offered(
    service: TrackerService, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    typo = with_item_a("check:\n  id: uc_catalog_exist\n  params: {catalog: x}")
    (folder / "tiny.yaml").write_text(typo, encoding="utf-8")
    monkeypatch.setenv("TRACKER_TEMPLATES", str(folder))
    app = make_app(service, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        select = app.screen.query_one("#template", Select)
        await wait_until(pilot, lambda: len(select._options) > 1)
        offered = [str(value) for _label, value in select._options]
        assert "databricks-ml-production" in offered
        assert "tiny" not in offered
        await wait_until(
            pilot,
            lambda: any(
                "unknown check 'uc_catalog_exist'" in str(n.message) for n in app._notifications
            ),
        )
