"""The go/no-go view of a release: sign-offs (sign with ``i``), waivers (approve, reject,
revoke the highlighted one), milestones (freeze with ``m``) and the diff from the latest
milestone to now (``d``). Every service call runs in a worker that posts one message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static

from tracker.domain.milestones import ReleaseDiff, summary_line
from tracker.domain.waivers import Waiver, WaiverAction
from tracker.errors import TrackerError
from tracker.tui.context import AppContext
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.signoff_panel import SignoffPanel, waiver_content
from tracker.tui.widgets.wrapped_options import WrappedOptionList


@dataclass(frozen=True, slots=True)
class GoNoGoState:
    status: Any  # services.signoffs.SignoffStatus (the TUI does not import services)
    waivers: tuple[Waiver, ...]
    milestones: tuple[str, ...]
    gate_passed: bool
    gate_line: str


def diff_content(diff: ReleaseDiff) -> Content:
    rows = [Content.styled(summary_line(diff), "bold")]
    for c in diff.changes:
        style = {"regression": "bold $error", "improvement": "$success"}.get(c.kind, "")
        rows.append(
            Content.assemble(
                (f"{c.kind:<12}", style),
                f" {c.item}  {c.before or '-'} → {c.after or '-'}  ",
                (c.text, "$text-muted"),
            )
        )
    return Content("\n").join(rows)


class GoNoGoScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "back", tooltip="Back to the checklist."),
        Binding("i", "sign_off", "sign off", tooltip="Sign off go-live for a role."),
        Binding("a", "approve_waiver", "approve", tooltip="Approve the highlighted waiver."),
        Binding("j", "reject_waiver", "reject", tooltip="Reject the highlighted waiver."),
        Binding("u", "revoke_waiver", "revoke", tooltip="Revoke the highlighted waiver."),
        Binding("m", "milestone", "milestone", tooltip="Freeze the release's state by name."),
        Binding("d", "diff", "diff", tooltip="What changed since the latest milestone."),
    ]

    class Loaded(Message):
        def __init__(self, state: GoNoGoState) -> None:
            super().__init__()
            self.state = state

    class Done(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Failed(Message):
        def __init__(self, error: TrackerError) -> None:
            super().__init__()
            self.error = error

    class Diffed(Message):
        def __init__(self, diff: ReleaseDiff | None) -> None:
            super().__init__()
            self.diff = diff

    def __init__(self, ctx: AppContext, release: str) -> None:
        super().__init__()
        self.ctx, self.release_name = ctx, release
        self.state: GoNoGoState | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="gonogo-title")
        with VerticalScroll(id="gonogo"):
            yield SignoffPanel(id="gonogo-signoffs")
            yield Static(Content.styled("Waivers (a approve · j reject · u revoke)", "bold"))
            yield WrappedOptionList(id="gonogo-waivers")
            yield Static(id="gonogo-milestones")
            yield Static(id="gonogo-diff")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load()

    # --- loading ---
    @work(thread=True, exclusive=True, group="gonogo-load", exit_on_error=False)
    def _load(self) -> None:
        svc, name = self.ctx.service, self.release_name
        try:
            gate = svc.verification.gate(name)
            state = GoNoGoState(
                status=svc.signoffs.signoff_status(name),
                waivers=tuple(svc.waivers.list_waivers(name)),
                milestones=tuple(m.name for m in svc.milestones.list_milestones(name)),
                gate_passed=gate.passed,
                gate_line=_gate_line(gate),
            )
        except TrackerError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Loaded(state))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        state = self.state = message.state
        today = self.ctx.clock.today()
        self.query_one("#gonogo-title", Static).update(
            Content.assemble(
                (f"Go/no-go · {self.release_name}", "bold"),
                "  ·  ",
                (
                    "GO" if state.gate_passed else "NO-GO",
                    "bold $success" if state.gate_passed else "bold $error",
                ),
                "  ",
                state.gate_line,
            )
        )
        self.query_one(SignoffPanel).show(state.status.roles)
        options = self.query_one("#gonogo-waivers", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        lines = waiver_content(state.waivers, today).split("\n")[1:]
        if state.waivers:
            options.add_options(lines)
            options.highlighted = min(highlighted or 0, len(state.waivers) - 1)
        milestones = ", ".join(state.milestones) or "none yet (m freezes one)"
        self.query_one("#gonogo-milestones", Static).update(
            Content.assemble(("Milestones: ", "bold"), milestones)
        )

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(str(message.error), title="Not done", severity="error")
        self._load()

    @on(Done)
    def _done(self, message: Done) -> None:
        self.notify(message.text)
        self._load()

    # --- sign-offs ---
    def action_sign_off(self) -> None:
        from tracker.tui.screens.gonogo_dialogs import SignoffDialog, SignoffRequest

        if self.state is None:
            return
        digest = self.state.status.digest

        def chosen(request: SignoffRequest | None) -> None:
            if request is not None:
                self._sign(request.role, request.comment, digest)

        self.app.push_screen(SignoffDialog(self.state.status.roles), chosen)

    @work(thread=True, group="gonogo-write", exit_on_error=False)
    def _sign(self, role: str, comment: str | None, digest: str) -> None:
        try:
            self.ctx.service.signoffs.sign_off(
                self.release_name, role, comment, expected_digest=digest
            )
        except TrackerError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Done(f"Signed off {role}"))

    # --- waivers ---
    def _highlighted_waiver(self) -> Waiver | None:
        index = self.query_one("#gonogo-waivers", OptionList).highlighted
        if self.state is None or index is None or index >= len(self.state.waivers):
            self.notify("No waiver highlighted.", severity="warning")
            return None
        return self.state.waivers[index]

    def _decide(self, action: WaiverAction) -> None:
        waiver = self._highlighted_waiver()
        if waiver is not None:
            self._decide_worker(waiver.id, action, waiver.row_version)

    def action_approve_waiver(self) -> None:
        self._decide(WaiverAction.APPROVE)

    def action_reject_waiver(self) -> None:
        self._decide(WaiverAction.REJECT)

    def action_revoke_waiver(self) -> None:
        self._decide(WaiverAction.REVOKE)

    @work(thread=True, group="gonogo-write", exit_on_error=False)
    def _decide_worker(self, waiver_id: int, action: WaiverAction, version: int) -> None:
        try:
            w = self.ctx.service.waivers.decide_waiver(
                self.release_name, waiver_id, action, expected_version=version
            )
        except TrackerError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Done(f"Waiver #{w.id} on {w.item_key}: {w.state.value}"))

    # --- milestones and diff ---
    def action_milestone(self) -> None:
        from tracker.tui.screens.gonogo_dialogs import MilestoneDialog

        def chosen(name: str | None) -> None:
            if name:
                self._milestone(name)

        self.app.push_screen(MilestoneDialog(), chosen)

    @work(thread=True, group="gonogo-write", exit_on_error=False)
    def _milestone(self, name: str) -> None:
        try:
            self.ctx.service.milestones.create_milestone(self.release_name, name)
        except TrackerError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Done(f"Milestone “{name}” frozen"))

    def action_diff(self) -> None:
        if self.state is None:
            return
        if not self.state.milestones:
            self.notify("No milestone yet: freeze one with m.", severity="warning")
            return
        self._diff(self.state.milestones[-1])

    @work(thread=True, exclusive=True, group="gonogo-diff", exit_on_error=False)
    def _diff(self, milestone: str) -> None:
        name = self.release_name
        try:
            diff = self.ctx.service.milestones.diff(f"{name}@{milestone}", name)
        except TrackerError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Diffed(diff))

    @on(Diffed)
    def _diffed(self, message: Diffed) -> None:
        if message.diff is not None:
            self.query_one("#gonogo-diff", Static).update(diff_content(message.diff))

    def action_close(self) -> None:
        self.dismiss(None)


def _gate_line(gate: Any) -> str:
    parts = []
    if gate.blockers:
        parts.append(f"{len(gate.blockers)} blocking item(s) open")
    unsigned = gate.signoff_blockers
    if unsigned:
        parts.append("sign-offs: " + ", ".join(f"{s.role.role} {s.state.value}" for s in unsigned))
    return "; ".join(parts) or "every blocking item closed and signed off"
