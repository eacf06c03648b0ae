"""``tracker template ...``: validate, list, schema, import-md."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.commands.common import (
    MAX_FILES,
    RepeatLimit,
    check_output,
    echo,
    echo_json,
    format_option,
    render_table,
    write_output,
)
from tracker.errors import TemplateError


@click.group("template")
def template() -> None:
    """Checklist templates: validate, list, JSON Schema, import from Markdown."""


@template.command("validate")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    callback=RepeatLimit(MAX_FILES),
    type=click.Path(dir_okay=False),
)
def template_validate(files: tuple[str, ...]) -> None:
    """Validate template YAML files strictly; errors name file:line:column."""
    from tracker.domain.template_loader import load_template
    from tracker.services.templates import check_catalogue

    catalogue = check_catalogue()  # every check id and parameter must resolve
    failed: list[str] = []
    for f in files:
        try:
            t = load_template(f, catalogue=catalogue)
        except TemplateError as exc:
            failed.append(str(exc))
            continue
        tasks = sum(1 for _ in t.iter_tasks())
        echo(
            f"{f}: ok — {t.id} v{t.version}: {len(t.categories)} categories, "
            f"{sum(len(c.groups) for c in t.categories)} groups, {t.item_count} items, "
            f"{tasks} post-deployment tasks, {len(t.variables)} variables"
        )
    if failed:
        if len(failed) > 1:
            for msg in failed[:-1]:
                echo(f"tracker: error: {msg}", err=True)
        raise TemplateError(failed[-1].split(": ", 0)[0]) from None


@template.command("list")
@format_option("table", "json")
def template_list(fmt: str) -> None:
    """List the templates on the search path (bundled, user dir, $TRACKER_TEMPLATES)."""
    from tracker.services.templates import list_templates

    infos = list_templates(strict=True)
    if fmt == "json":
        echo_json(
            [
                {
                    "id": i.id,
                    "version": i.version,
                    "title": i.title,
                    "path": str(i.path),
                    "origin": i.origin,
                    "items": i.items,
                    "tasks": i.tasks,
                    "error": i.error,
                }
                for i in infos
            ]
        )
        return
    echo(
        render_table(
            ["Id", "Version", "Items", "Tasks", "Origin", "Title"],
            [
                [
                    i.id,
                    i.version or "-",
                    i.items,
                    i.tasks,
                    i.origin,
                    i.title or f"INVALID: {i.error}",
                ]
                for i in infos
            ],
            right=(1, 2, 3),
        )
    )


@template.command("schema")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
def template_schema(output: str | None) -> None:
    """Print the JSON Schema of templates (for editor YAML support)."""
    from tracker.domain.template_loader import template_json_schema

    write_output(json.dumps(template_json_schema(), indent=2) + "\n", output)


@template.command("import-md")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--id", "template_id", metavar="ID", help="Template id (default: from the file name)."
)
@click.option("--title", help="Template title (default: the first heading).")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
def template_import_md(
    file: str, template_id: str | None, title: str | None, output: str | None
) -> None:
    """Turn a Markdown checklist into template YAML (to curate; ticked states are not kept:
    use `tracker release new NAME --template FILE.md` for that)."""
    import re

    from tracker.domain.md_import import import_markdown, template_dict_to_yaml
    from tracker.domain.template_loader import parse_template

    check_output(output)
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"cannot read: {exc.strerror or exc}", path=file) from None
    except UnicodeDecodeError:
        raise TemplateError("not UTF-8 text", path=file) from None
    tid = template_id or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "imported"
    result = import_markdown(text, template_id=tid, title=title, source=path.name)
    for warning in result.warnings:
        click.echo(f"tracker: warning: {warning}", err=True)
    yaml_text = template_dict_to_yaml(result.data)
    parse_template(yaml_text, f"<import of {file}>")  # never emit a template we would refuse
    write_output(yaml_text, output)


COMMANDS = [template]
