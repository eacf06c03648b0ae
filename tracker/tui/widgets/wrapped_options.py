"""An option list whose long rows re-wrap when its scrollbar comes or goes.

Textual's ``OptionList`` wraps its rows for the width it has when they are added and forgets
that wrap only on a resize. When rows are added to a list that is already at its max-height,
the vertical scrollbar appears without a resize: the rows keep the wrap of the wider list and
run under the scrollbar (and whether that happens depended on timing, so the summary drew
differently from one run to the next).
"""

from __future__ import annotations

from textual.widgets import OptionList


class WrappedOptionList(OptionList):
    """An ``OptionList`` that wraps its rows for the width left by its scrollbar."""

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # The content width changed without a resize; rows wrapped for the old width are stale.
        self._clear_caches()
