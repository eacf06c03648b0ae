"""Rows added to a list already at its max-height re-wrap for the width its scrollbar leaves.

The summary's blocking list drew its long rows either wrapped or running under the scrollbar,
depending on whether the scrollbar had appeared before the rows were measured (a snapshot that
failed under CI load)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets.option_list import Option

from tracker.tui.widgets.wrapped_options import WrappedOptionList


class _OneList(App[None]):
    CSS = "OptionList { height: auto; max-height: 8; width: 30; border: none; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield WrappedOptionList(*[Option(f"row {i}") for i in range(8)])


async def test_a_row_added_as_the_scrollbar_appears_wraps_for_the_narrower_width() -> None:
    app = _OneList()
    async with app.run_test(size=(60, 20)) as pilot:
        options = app.query_one(WrappedOptionList)
        await pilot.pause()
        assert not options.show_vertical_scrollbar  # eight rows fit: full width
        options.add_options([Option("x" * 29)])  # a ninth: the scrollbar takes 2 columns
        await pilot.pause()
        options.scroll_end(animate=False)
        await pilot.pause()
        region = options.scrollable_content_region
        lines = [strip.text.strip() for strip in options.render_lines(Region(0, 0, *region.size))]
        assert options.show_vertical_scrollbar
        assert lines[-2:] == ["x" * 28, "x"]  # not one row of 29 with its end under the bar
