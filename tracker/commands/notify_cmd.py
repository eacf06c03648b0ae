"""``tracker notify``: overdue and due-today post-deployment tasks and drift, per owner, to Slack,
Teams, a JSON webhook, e-mail or a workspace e-mail destination; once a day per notice."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import click

from tracker.commands.common import AppContext, RepeatLimit, echo, pass_app
from tracker.errors import ConfigError

if TYPE_CHECKING:
    from tracker.domain.notices import Notice
    from tracker.notifiers import Destination, Kind, SmtpSettings, TlsMode
    from tracker.services.tracker import TrackerService

_ADDRESS = re.compile(r"^[^@\s<>,;\"]{1,64}@[^@\s<>,;\"]{1,255}$")
TLS_MODES = ("auto", "starttls", "ssl", "none")


def _smtp_settings(
    smtp: str | None, user: str | None, tls: str, sender: str | None
) -> SmtpSettings | None:
    import os

    from tracker.notifiers import SmtpSettings

    if smtp is None:
        return None
    host, _, port_text = smtp.rpartition(":") if ":" in smtp else (smtp, "", "")
    default_port = 465 if tls == "ssl" else 25
    try:
        port = int(port_text) if port_text else default_port
    except ValueError:
        raise ConfigError(f"--smtp must be HOST[:PORT], got {smtp!r}") from None
    if not host or not 0 < port < 65536:
        raise ConfigError(f"--smtp must be HOST[:PORT], got {smtp!r}")
    if not sender or not _ADDRESS.match(sender):
        raise ConfigError("--mail-from ADDRESS is required with --smtp")
    password = os.environ.get("TRACKER_SMTP_PASSWORD") or None
    mode = cast("TlsMode", tls)  # click.Choice(TLS_MODES) admitted only these
    return SmtpSettings(host, port, sender, user, password, mode)


def _destinations(
    slack: str | None,
    teams: str | None,
    hook: str | None,
    mail_to: Sequence[str],
    mail_owners: bool,
    workspace: Sequence[str],
    profile: str | None,
) -> list[Destination]:
    from tracker.notifiers import Destination, webhook, workspace_destination

    found: list[Destination] = []
    hooks: tuple[tuple[Kind, str | None], ...] = (
        ("slack", slack),
        ("teams", teams),
        ("webhook", hook),
    )
    for kind, url in hooks:
        if url:
            found.append(webhook(kind, url))
    for address in mail_to:
        if not _ADDRESS.match(address):
            raise ConfigError(f"--mail-to needs an e-mail address, got {address!r}")
    if mail_to or mail_owners:
        found.append(
            Destination(label="email", kind="email", recipients=tuple(mail_to), owners=mail_owners)
        )
    found.extend(workspace_destination(ref, profile) for ref in workspace)
    return found


@click.command("notify")
@click.option("--release", metavar="NAME", help="Only this release (default: every live one).")
@click.option(
    "--slack-webhook",
    metavar="URL",
    envvar="TRACKER_SLACK_WEBHOOK",
    show_envvar=True,
    help="Slack incoming webhook URL.",
)
@click.option(
    "--teams-webhook",
    metavar="URL",
    envvar="TRACKER_TEAMS_WEBHOOK",
    show_envvar=True,
    help="Microsoft Teams incoming webhook (or Workflows webhook) URL.",
)
@click.option(
    "--webhook",
    metavar="URL",
    envvar="TRACKER_WEBHOOK",
    show_envvar=True,
    help="Generic webhook: receives JSON (schema tracker.notify/v1).",
)
@click.option(
    "--smtp",
    metavar="HOST[:PORT]",
    envvar="TRACKER_SMTP",
    show_envvar=True,
    help="SMTP server for e-mail (password from $TRACKER_SMTP_PASSWORD only).",
)
@click.option(
    "--smtp-user", metavar="NAME", envvar="TRACKER_SMTP_USER", show_envvar=True, help="SMTP login."
)
@click.option(
    "--smtp-tls",
    type=click.Choice(TLS_MODES),
    default="auto",
    show_default=True,
    envvar="TRACKER_SMTP_TLS",
    show_envvar=True,
    help="auto: STARTTLS when the server offers it.",
)
@click.option(
    "--mail-from",
    metavar="ADDRESS",
    envvar="TRACKER_MAIL_FROM",
    show_envvar=True,
    help="Sender address of the e-mails.",
)
@click.option(
    "--mail-to",
    metavar="ADDRESS",
    multiple=True,
    callback=RepeatLimit(),
    envvar="TRACKER_MAIL_TO",
    show_envvar=True,
    help="Send every owner's notices to ADDRESS (repeatable).",
)
@click.option(
    "--mail-owners",
    is_flag=True,
    help="E-mail each owner their own notices (owner registry addresses).",
)
@click.option(
    "--workspace-destination",
    "workspace",
    metavar="ID|NAME",
    multiple=True,
    callback=RepeatLimit(),
    help="A workspace notification destination (EMAIL type; sent over --smtp).",
)
@click.option(
    "--profile", metavar="NAME", help="Databricks CLI profile for --workspace-destination."
)
@click.option(
    "--waiver-days",
    type=click.IntRange(0, 90),
    default=7,
    show_default=True,
    help="Announce approved waivers that expire within this many days.",
)
@click.option("--dry-run", is_flag=True, help="Print the messages; send and record nothing.")
@pass_app
def notify(
    app: AppContext,
    release: str | None,
    slack_webhook: str | None,
    teams_webhook: str | None,
    webhook: str | None,
    smtp: str | None,
    smtp_user: str | None,
    smtp_tls: str,
    mail_from: str | None,
    mail_to: tuple[str, ...],
    mail_owners: bool,
    workspace: tuple[str, ...],
    profile: str | None,
    waiver_days: int,
    dry_run: bool,
) -> None:
    """Send overdue and due-today post-deployment tasks, drift (done, but the check now
    fails), stale sign-offs and waivers about to expire, grouped per owner. The same notice reaches a destination at most once a day.
    Exits 1 when any destination failed (each failure on its own line)."""
    from tracker.notifiers import DeliveryError

    destinations = _destinations(
        slack_webhook, teams_webhook, webhook, mail_to, mail_owners, workspace, profile
    )
    smtp_settings = _smtp_settings(smtp, smtp_user, smtp_tls, mail_from)
    if any(d.kind == "email" for d in destinations) and smtp_settings is None:
        raise ConfigError("e-mail destinations need --smtp HOST[:PORT] and --mail-from")
    if not destinations and not dry_run:
        raise click.UsageError(
            "no destination: give --slack-webhook, --teams-webhook, --webhook, --mail-to, "
            "--mail-owners or --workspace-destination (or --dry-run)"
        )
    service = app.service()
    notices = service.notify.notices(release, waiver_days=waiver_days)
    failures = _run(service, notices, destinations, smtp_settings, dry_run)
    if failures:
        for message in failures:
            echo(f"tracker: notify: {message}", err=True)
        raise DeliveryError(f"{len(failures)} of {len(destinations)} destination(s) failed")


def _run(
    service: TrackerService,
    notices: Sequence[Notice],
    destinations: Sequence[Destination],
    smtp: SmtpSettings | None,
    dry_run: bool,
) -> list[str]:
    from tracker.domain.notices import digest_text, group_by_owner
    from tracker.notifiers import DeliveryError, deliver

    owners = {o.handle: o for o in service.owners.list_owners()}
    today = service.today()
    if not notices:
        echo(f"nothing to notify on {today.isoformat()}")
        return []
    if not destinations:  # --dry-run alone: what any destination would get
        for digest in group_by_owner(notices, owners):
            echo(digest_text(digest, today))
        return []
    failures = []
    for dest in destinations:
        label = dest.label
        sent = service.notify.delivered_today(label, (n.key for n in notices))
        pending = [n for n in notices if n.key not in sent]
        if not pending:
            echo(f"{label}: nothing new today ({len(notices)} already sent)")
            continue
        digests = group_by_owner(pending, owners)
        if dry_run:
            echo(f"== {label}: {len(pending)} notice(s) for {len(digests)} owner(s) ==")
            for digest in digests:
                echo(digest_text(digest, today))
            continue
        try:
            summary = deliver(dest, digests, today, smtp)
        except DeliveryError as exc:
            failures.append(str(exc))
            continue
        service.notify.record_delivered(label, [n.key for n in pending])
        echo(f"{label}: sent {len(pending)} notice(s) for {len(digests)} owner(s), {summary}")
    return failures


COMMANDS = [notify]
