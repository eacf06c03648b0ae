"""Strict means strict (issue 15, "template validate says 'ok' for a check id that does not
exist, and does not check the check's parameters"): every check reference resolves against the
catalogue, with file:line:column."""

from __future__ import annotations

import pytest

from tests.unit.test_template_loader import with_item_a
from tracker.domain.template_checks import DeclaredParam
from tracker.domain.template_loader import parse_template
from tracker.errors import TemplateError

CATALOGUE = {
    "uc_catalog_exists": (DeclaredParam("catalog", "str"),),
    "job_scheduled": (
        DeclaredParam("job_names", "list"),
        DeclaredParam("min_runs", "int", required=False),
        DeclaredParam("strict", "bool", required=False),
        DeclaredParam("pattern", "regex", required=False),
    ),
}

CASES = [
    (
        "unknown-id",
        "check:\n  id: uc_catalog_exist\n  params: {catalog: x}",
        18,
        19,
        r"unknown check 'uc_catalog_exist'; did you mean 'uc_catalog_exists'\?",
    ),
    (
        "unknown-param",
        "check:\n  id: uc_catalog_exists\n  params: {catalog: x, catalgo: y}",
        19,
        36,
        r"has no parameter 'catalgo'.*\(it takes: catalog\)",
    ),
    (
        "missing-required",
        "check:\n  id: uc_catalog_exists",
        18,
        19,
        r"check 'uc_catalog_exists' needs parameter 'catalog'",
    ),
    (
        "bad-int",
        "check:\n  id: job_scheduled\n  params: {job_names: a, min_runs: many}",
        19,
        48,
        r"'min_runs' of check 'job_scheduled' must be a whole number",
    ),
    (
        "bad-bool",
        "check:\n  id: job_scheduled\n  params: {job_names: a, strict: maybe}",
        19,
        46,
        r"must be true or false",
    ),
    (
        "bad-regex",
        "check:\n  id: job_scheduled\n  params: {job_names: a, pattern: '(['}",
        19,
        47,
        r"not a valid regular expression",
    ),
    (
        "bad-list",
        "check:\n  id: job_scheduled\n  params: {job_names: {a: 1}}",
        19,
        35,
        r"must be a comma-separated string or a list",
    ),
]


@pytest.mark.parametrize(
    ("extra", "line", "column", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_bad_check_reference_is_an_error_with_its_position(
    extra: str, line: int, column: int, message: str
) -> None:
    import re

    with pytest.raises(TemplateError) as info:
        parse_template(with_item_a(extra), "tiny.yaml", catalogue=CATALOGUE)
    err = info.value
    assert re.search(message, str(err)), str(err)
    assert (err.path, err.line, err.column) == ("tiny.yaml", line, column)


@pytest.mark.parametrize(
    "extra",
    [
        "check:\n  id: uc_catalog_exists\n  params: {catalog: '${catalog}'}",
        "check:\n  id: job_scheduled\n  params: {job_names: [a, b], min_runs: 3, strict: yes}",
        "check:\n  id: job_scheduled\n  params: {job_names: 'a,b', pattern: '^prod-'}",
    ],
)
def test_a_good_check_reference_passes(extra: str) -> None:
    parse_template(with_item_a(extra), "tiny.yaml", catalogue=CATALOGUE)


def test_an_undefined_variable_is_an_error() -> None:
    with pytest.raises(TemplateError, match=r"undefined variable \$\{nope\}"):
        parse_template(
            with_item_a("check:\n  id: uc_catalog_exists\n  params: {catalog: '${nope}'}"),
            catalogue=CATALOGUE,
        )


def test_the_bundled_template_resolves_against_the_real_catalogue() -> None:
    from tests.services.dbutil import SHIPPED_TEMPLATE
    from tracker.domain.template_loader import load_template
    from tracker.services.templates import check_catalogue

    load_template(SHIPPED_TEMPLATE, catalogue=check_catalogue())
