"""Issue 9 "Misconfiguration shows before a run": empty, unused and invalid release variables."""

from __future__ import annotations

from typing import Any

import pytest

from tracker.checks.variables import variable_problems

CHECKS: list[dict[str, Any]] = [
    {"id": "serving_endpoint_ready", "params": {"endpoint_names": "${endpoint_names}"}},
    {"id": "compute_prod_pools", "params": {"pool_name_regex": "${pool_name_regex}"}},
    {
        "sql": {
            "statement": "SELECT 1",
            "warehouse": "${warehouse_id}",
            "expect": {"kind": "boolean"},
        }
    },
]


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"endpoint_names": "a", "pool_name_regex": "^p", "warehouse_id": "w"}, []),
        ({"endpoint_names": ","}, [("endpoint_names", "empty")]),
        ({"endpoint_names": "[]"}, [("endpoint_names", "empty")]),
        ({"warehouse_id": "  "}, [("warehouse_id", "empty")]),
        ({"pool_name_regex": "[unclosed"}, [("pool_name_regex", "invalid")]),
        ({"feature_schema": "x"}, [("feature_schema", "unused")]),
        ({"cloud": "azure"}, []),  # read by the runner, not by a check parameter
    ],
)
def test_variable_problems(variables: dict[str, str], expected: list[tuple[str, str]]) -> None:
    assert [(p.name, p.kind) for p in variable_problems(variables, CHECKS)] == expected
