"""Content (with theme variables such as ``$success``) as Rich ``Text``, for widgets that render
Rich renderables: ``DataTable`` measures a ``Content`` cell as one cell wide and drops its
variable colours."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.content import Content
from textual.style import Style


def rich_cell(cell: Content | str, variables: Mapping[str, str]) -> Text | str:
    """``cell`` with its styles resolved against the theme's CSS ``variables``."""
    if isinstance(cell, str):
        return cell
    text = Text(cell.plain, no_wrap=True, end="")
    names = dict(variables)
    for span in cell.spans:
        style = Style.parse(span.style, names) if isinstance(span.style, str) else span.style
        text.stylize(style.rich_style, span.start, span.end)
    return text
