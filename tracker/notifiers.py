"""Where ``tracker notify`` delivers: Slack and Microsoft Teams incoming webhooks, a generic JSON
webhook, e-mail over SMTP, and the workspace's notification destinations where the API allows.

Webhook URLs and SMTP passwords are secrets: they live only in the ``Destination`` /
``SmtpSettings`` objects (hidden from ``repr``), never in the database (deliveries are recorded by
``label``), never in messages or logs. A failure is one line naming the destination's label.

Workspace notification destinations (``w.notification_destinations``): the API lists and reads
them, but Slack/Teams/webhook/PagerDuty URLs and keys are write-only (``url_set``) and there is no
"send a message" call, so only EMAIL destinations can be used: their addresses are read through
the SDK and mailed over SMTP.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from typing import Any, Literal
from urllib.parse import urlsplit

from tracker import __version__
from tracker.domain.notices import (
    OwnerDigest,
    email_text,
    json_payload,
    slack_payload,
    teams_payload,
)
from tracker.errors import ConfigError, TrackerError

log = logging.getLogger(__name__)

HTTP_TIMEOUT_S = 10
SMTP_TIMEOUT_S = 15
MAX_URL_LENGTH = 2048
Kind = Literal["slack", "teams", "webhook", "email"]
TlsMode = Literal["auto", "starttls", "ssl", "none"]


class DeliveryError(TrackerError):
    """One destination could not be reached or refused the message."""

    exit_code = 1


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    tls: TlsMode = "auto"


@dataclass(frozen=True, slots=True)
class Destination:
    label: str  # recorded with each delivery; never a URL
    kind: Kind
    url: str | None = field(default=None, repr=False)
    recipients: tuple[str, ...] = ()
    owners: bool = False  # e-mail: each owner with an address gets their own digest


def webhook(kind: Kind, url: str) -> Destination:
    """A webhook destination; https only (plain http only to this machine, for tests/relays)."""
    if len(url) > MAX_URL_LENGTH:
        raise ConfigError(f"--{kind} webhook URL is longer than {MAX_URL_LENGTH} characters")
    parts = urlsplit(url)
    host = parts.hostname or ""
    local = host == "localhost" or _is_loopback(host)
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise ConfigError(f"the {kind} webhook must be an https:// URL")
    if not host:
        raise ConfigError(f"the {kind} webhook URL has no host")
    return Destination(label=kind, kind=kind, url=url)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def deliver(
    dest: Destination, digests: Sequence[OwnerDigest], today: date, smtp: SmtpSettings | None
) -> str:
    """Send ``digests`` to ``dest``; returns a short summary, raises ``DeliveryError``."""
    if dest.kind == "email":
        if smtp is None:
            raise DeliveryError(f"{dest.label}: no SMTP server (--smtp HOST[:PORT])")
        return _send_mail(dest, digests, today, smtp)
    payload = {
        "slack": slack_payload,
        "teams": teams_payload,
        "webhook": json_payload,
    }[dest.kind](digests, today)
    assert dest.url is not None
    _post_json(dest.label, dest.url, payload)
    return "1 message"


def _post_json(label: str, url: str, payload: dict[str, Any]) -> None:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": f"tracker/{__version__}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_S) as response:
            response.read(4096)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"{label}: the webhook answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"{label}: cannot reach the webhook: {reason}") from None


def _messages(
    dest: Destination, digests: Sequence[OwnerDigest], today: date
) -> list[tuple[tuple[str, ...], Sequence[OwnerDigest]]]:
    messages: list[tuple[tuple[str, ...], Sequence[OwnerDigest]]] = []
    if dest.recipients:
        messages.append((dest.recipients, digests))
    if dest.owners:
        messages.extend(((d.email,), [d]) for d in digests if d.email)
    return messages


def _send_mail(
    dest: Destination, digests: Sequence[OwnerDigest], today: date, smtp: SmtpSettings
) -> str:
    messages = _messages(dest, digests, today)
    if not messages:
        return "no recipient"
    try:
        with _smtp_connection(smtp) as client:
            for recipients, part in messages:
                subject, body = email_text(part, today)
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = (
                    smtp.sender,
                    ", ".join(recipients),
                    subject,
                )
                message.set_content(body)
                client.send_message(message)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        raise DeliveryError(
            f"{dest.label}: SMTP {smtp.host}:{smtp.port}: {_smtp_reason(exc)}"
        ) from None
    return f"{len(messages)} message(s)"


def _smtp_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__


def _smtp_connection(smtp: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if smtp.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S, context=context
        )
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S)
        client.ehlo()
        if smtp.tls == "starttls" or (smtp.tls == "auto" and client.has_extn("starttls")):
            client.starttls(context=context)
            client.ehlo()
    if smtp.user:
        client.login(smtp.user, smtp.password or "")
    return client


def workspace_destination(ref: str, profile: str | None) -> Destination:
    """A workspace notification destination (id or display name) usable for delivery: EMAIL
    destinations become e-mail to their addresses; the others cannot be used (see module docs)."""
    from databricks.sdk.errors.base import DatabricksError

    from tracker.databricks import ClientOptions, ClientSetupError, make_client, scrub

    try:
        client = make_client(ClientOptions(profile=profile))
        listed = next(
            (d for d in client.notification_destinations.list() if ref in (d.id, d.display_name)),
            None,
        )
        found = (
            client.notification_destinations.get(listed.id)
            if listed is not None and listed.id
            else None
        )
    except ClientSetupError as exc:
        raise ConfigError(str(exc)) from None
    except DatabricksError as exc:
        raise ConfigError(f"workspace notification destinations: {scrub(str(exc))}") from None
    if found is None:
        raise ConfigError(f"no workspace notification destination {ref!r}")
    kind = found.destination_type.value if found.destination_type else "UNKNOWN"
    email = found.config.email if found.config else None
    if kind != "EMAIL" or email is None or not email.addresses:
        raise ConfigError(
            f"workspace destination {found.display_name!r} is {kind}: the API does not reveal its "
            "URL or key, so tracker cannot post to it; pass its webhook with --slack-webhook, "
            "--teams-webhook or --webhook instead"
        )
    return Destination(
        label=f"workspace:{found.id}", kind="email", recipients=tuple(email.addresses)
    )
