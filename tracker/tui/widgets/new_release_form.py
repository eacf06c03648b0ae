"""The new-release form: name, template, environment, go-live date, the template's variables.

Templates are loaded in a thread when the form appears: the template schema (pydantic) and
YAML are kept off the app's start-up path.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from tracker.domain import validation
from tracker.errors import TrackerError, ValidationError

if TYPE_CHECKING:
    from tracker.domain.template import Template

log = logging.getLogger(__name__)

ENVIRONMENTS = ["prod", "staging", "dev"]


@dataclass(frozen=True)
class NewRelease:
    name: str
    template: Template | None  # None when ``markdown`` names the checklist file to import
    environment: str | None
    target_date: date | None
    variables: dict[str, str] = field(default_factory=dict)
    markdown: str | None = None


class NewReleaseForm(Vertical):
    class Submitted(Message):
        def __init__(self, request: NewRelease) -> None:
            super().__init__()
            self.request = request

    class Cancelled(Message):
        pass

    class TemplatesLoaded(Message):
        def __init__(self, templates: Sequence[Template], errors: Sequence[str]) -> None:
            super().__init__()
            self.templates = templates
            self.errors = errors

    def __init__(self, *, cancellable: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cancellable = cancellable
        self.templates: dict[str, Template] = {}
        self.ready = False
        self._error_field: str | None = None
        """Templates loaded and the chosen one's variables shown: typed keys wait until then."""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label("Name", classes="form-label")
            yield Input(placeholder="e.g. Churn model Q4", id="release-name", compact=True)
        with Horizontal(classes="form-row"):
            yield Label("Template", classes="form-label")
            yield Select[str](
                [], prompt="loading templates…", id="template", allow_blank=True, compact=True
            )
        with Horizontal(classes="form-row"):
            yield Label("or Markdown", classes="form-label")
            yield Input(
                placeholder="path/to/checklist.md (ticked boxes come in done)",
                id="markdown-file",
                compact=True,
            )
        with Horizontal(classes="form-row"):
            yield Label("Environment", classes="form-label")
            yield Input(
                "prod",
                placeholder="prod, staging, dev…",
                id="environment",
                suggester=SuggestFromList(ENVIRONMENTS),
                compact=True,
            )
        with Horizontal(classes="form-row"):
            yield Label("Go-live date", classes="form-label")
            yield Input(placeholder="YYYY-MM-DD (optional)", id="target-date", compact=True)
        yield Label("", id="form-error")
        with Horizontal(id="form-buttons"):
            yield Button("Create release", id="create", variant="primary", compact=True)
            if self.cancellable:
                yield Button("Cancel", id="cancel-form", compact=True)
        yield Static("", id="template-description")
        yield Vertical(id="variables")

    def on_mount(self) -> None:
        self.query_one("#form-error").display = False
        self.query_one("#release-name", Input).focus()
        self._load_templates()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load_templates(self) -> None:
        from tracker.services.templates import find_template, list_templates

        templates: list[Template] = []
        errors: list[str] = []
        try:
            for info in list_templates(strict=True):  # as `template list`: check ids resolve
                if info.error is not None:
                    errors.append(info.error)
                    continue
                try:
                    templates.append(find_template(str(info.path))[0])
                except TrackerError as exc:
                    errors.append(str(exc))
        except Exception as exc:  # the form must still become ready: typed keys wait for it
            log.exception("listing templates failed")
            errors.append(f"templates could not be listed: {exc}")
        self.post_message(self.TemplatesLoaded(templates, errors))

    @on(TemplatesLoaded)
    def _templates_loaded(self, message: TemplatesLoaded) -> None:
        self.templates = {t.id: t for t in message.templates}
        select = self.query_one("#template", Select)
        select.set_options([(f"{t.title} ({t.id} v{t.version})", t.id) for t in message.templates])
        select.prompt = "choose a template" if self.templates else "no templates found"
        if self.templates:
            select.value = next(iter(self.templates))  # its variables shown: then ready
        else:
            self.ready = True
        if message.errors:
            self.notify(
                "\n".join(message.errors[:3]),
                title="Broken templates skipped",
                severity="warning",
                timeout=6,
            )

    @on(Select.Changed, "#template")
    async def _template_changed(self, event: Select.Changed) -> None:
        template = self.templates.get(event.value) if isinstance(event.value, str) else None
        box = self.query_one("#variables", Vertical)
        await box.remove_children()
        description = self.query_one("#template-description", Static)
        if template is None:
            description.update("")
            self.ready = True
            return
        description.update(
            Content.assemble(
                (f"{template.item_count} items", "bold"),
                "  ",
                (" ".join((template.description or "").split()), "$text-muted"),
            )
        )
        if template.variables:
            await box.mount(
                Label(
                    Content.styled("Variables (used by automated checks; can be set later)", "bold")
                )
            )
        rows = []
        for variable in template.variables:
            hint = variable.description + (f" e.g. {variable.example}" if variable.example else "")
            rows.append(
                Horizontal(
                    Label(variable.name, classes="form-label"),
                    Input(
                        variable.default or "",
                        placeholder=hint,
                        id=f"var-{variable.name}",
                        tooltip=hint,
                        classes="variable-input",
                        compact=True,
                    ),
                    classes="form-row",
                )
            )
        await box.mount_all(rows)
        self.ready = True

    def _error(self, message: str, field: str | None = None) -> None:
        label = self.query_one("#form-error", Label)
        label.update(message)
        label.display = label.display or bool(message)  # once shown, its row stays
        self._error_field = field if message else None

    @on(Input.Changed)
    @on(Select.Changed)
    def _recheck(self) -> None:
        """A shown problem goes once its field is valid (it follows the field's value until)."""
        if self._error_field is not None:
            found = self.problem()
            same = found is not None and found[0] == self._error_field
            self._error(found[1] if found and same else "", self._error_field)

    def problem(self) -> tuple[str, str] | None:
        """The first field that is not valid, as (its id, the message), or None."""
        try:
            validation.release_name(self.query_one("#release-name", Input).value)
        except ValidationError as exc:
            return "release-name", str(exc)
        raw_date = self.query_one("#target-date", Input).value.strip()
        try:
            if raw_date:
                validation.iso_date(raw_date, "go-live date")
        except ValidationError as exc:
            return "target-date", str(exc)
        if not self.query_one("#markdown-file", Input).value.strip() and self._template() is None:
            return "template", "choose a template"
        return None

    @on(Input.Submitted)
    @on(Button.Pressed, "#create")
    def submit(self) -> None:
        found = self.problem()
        if found is not None:
            self._error(found[1], found[0])
            return
        self._error("")
        self.post_message(self.Submitted(self._request()))

    def _template(self) -> Template | None:
        chosen = self.query_one("#template", Select).value
        return self.templates.get(chosen) if isinstance(chosen, str) else None

    def _request(self) -> NewRelease:
        """The request from fields that are valid (``problem()`` is None)."""
        name = validation.release_name(self.query_one("#release-name", Input).value)
        raw_date = self.query_one("#target-date", Input).value.strip()
        target = validation.iso_date(raw_date, "go-live date") if raw_date else None
        env = self.query_one("#environment", Input).value.strip() or None
        markdown = self.query_one("#markdown-file", Input).value.strip()
        if markdown:  # read by the app's worker, off the UI thread
            return NewRelease(name, None, env, target, markdown=markdown)
        template = self._template()
        assert template is not None
        variables = {}
        for variable in template.variables:
            value = self.query_one(f"#var-{variable.name}", Input).value.strip()
            if value:
                variables[variable.name] = value
        return NewRelease(name, template, env, target, variables)

    @on(Button.Pressed, "#cancel-form")
    def _cancel(self) -> None:
        self.post_message(self.Cancelled())
