"""Naming things on the command line: exact ids, unambiguous fragments, suggestions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tracker.domain.names import resolve_by_name, suggest
from tracker.errors import AmbiguousNameError, NotFoundError


@dataclass(frozen=True)
class Thing:
    key: str
    text: str


THINGS = [
    Thing("secrets-azure-key-vault", "Secrets stored in Azure Key Vault"),
    Thing("secrets-scopes-configured", "Databricks secret scopes configured"),
    Thing("uc-production-catalog", "Production catalog created with proper naming convention"),
    Thing("uc-domain-schemas", "Schemas organized by domain (raw, features, models, monitoring)"),
    Thing("drift", "Data drift detection configured"),
    Thing("drift-alerts", "Alerts on drift"),
]


def resolve(ref: str) -> Thing:
    return resolve_by_name("item", ref, THINGS, key=lambda t: t.key, text=lambda t: t.text)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("secrets-azure-key-vault", "secrets-azure-key-vault"),  # exact id
        ("  uc-production-catalog  ", "uc-production-catalog"),  # surrounding spaces
        ("Azure Key Vault", "secrets-azure-key-vault"),  # text fragment
        ("azure KEY vault", "secrets-azure-key-vault"),  # case-insensitive
        ("key-vault", "secrets-azure-key-vault"),  # id fragment
        ("Secrets stored in Azure Key Vault", "secrets-azure-key-vault"),  # whole text
        ("proper naming", "uc-production-catalog"),
        ("(raw, features", "uc-domain-schemas"),  # punctuation is literal
        ("drift", "drift"),  # an exact id wins over fragments of others
        ("Alerts on drift", "drift-alerts"),  # an exact text wins over fragment matches
        ("DRIFT-ALERTS", "drift-alerts"),  # case-insensitive exact id
    ],
)
def test_resolves(ref: str, expected: str) -> None:
    assert resolve(ref).key == expected


@pytest.mark.parametrize(
    ("ref", "matches"),
    [
        ("secret", {"secrets-azure-key-vault", "secrets-scopes-configured"}),
        ("configured", {"secrets-scopes-configured", "drift"}),
        ("uc-", {"uc-production-catalog", "uc-domain-schemas"}),
    ],
)
def test_ambiguous_fragments_list_every_match(ref: str, matches: set[str]) -> None:
    with pytest.raises(AmbiguousNameError, match=f"item '{ref}' is ambiguous: matches") as info:
        resolve(ref)
    assert {m.split(" (")[0] for m in info.value.matches} == matches


def test_ambiguous_message_shows_at_most_five() -> None:
    many = [Thing(f"check-{i}", f"Check number {i}") for i in range(8)]
    with pytest.raises(AmbiguousNameError, match=r"and 3 more$"):
        resolve_by_name("item", "check", many, key=lambda t: t.key, text=lambda t: t.text)


@pytest.mark.parametrize(
    ("ref", "first_suggestion"),
    [
        ("secrets-azure-key-vualt", "secrets-azure-key-vault"),  # a typo in an id
        ("uc-prodution-catalog", "uc-production-catalog"),
        ("Production catalg", "uc-production-catalog"),  # a typo in a text
        ("drfit", "drift"),
    ],
)
def test_unknown_names_suggest_close_ones(ref: str, first_suggestion: str) -> None:
    with pytest.raises(NotFoundError, match=f"unknown item '{ref}'; did you mean") as info:
        resolve(ref)
    assert info.value.suggestions[0] == first_suggestion
    assert len(info.value.suggestions) <= 3
    assert (info.value.kind, info.value.name) == ("item", ref)


@pytest.mark.parametrize("ref", ["zzzz", "", "   "])
def test_unknown_names_with_nothing_close(ref: str) -> None:
    with pytest.raises(NotFoundError) as info:
        resolve(ref)
    assert info.value.suggestions == []
    assert "did you mean" not in str(info.value)


def test_nothing_to_choose_from() -> None:
    with pytest.raises(NotFoundError, match=r"unknown release 'r1'$"):
        resolve_by_name("release", "r1", [], key=str, text=str)


# --- suggest -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        ("cat", ["catalog", "concat", "dog"], ["catalog", "concat"]),  # substrings first, in order
        (
            "catalgo",
            ["catalog_name_regex", "catalog", "prod_job_tag"],
            ["catalog", "catalog_name_regex", "prod_job_tag"],
        ),
        ("CATALOG", ["catalog"], ["catalog"]),  # case-insensitive
        (
            "feature_tabels",
            ["feature_schema", "feature_tables"],
            ["feature_tables", "feature_schema"],
        ),
        (
            "drift",
            ["drain", "data-drift-monitor"],
            ["data-drift-monitor", "drain"],
        ),  # substring first
        ("xyz", ["catalog", "schema"], []),
        ("", ["catalog"], []),
        ("a", ["a1", "a2", "a3", "a4"], ["a1", "a2", "a3"]),  # at most n
        ("r1", ["r1", "r1"], ["r1"]),  # duplicates collapse
    ],
)
def test_suggest(name: str, candidates: list[str], expected: list[str]) -> None:
    assert suggest(name, candidates) == expected


def test_suggest_is_deterministic_and_closest_first() -> None:
    """Equal scores are ordered shortest first, then alphabetically (not reverse-alphabetically)."""
    assert suggest("catalgo", ["catalog_name_regex", "catalog"]) == [
        "catalog",
        "catalog_name_regex",
    ]
    assert suggest("catalgo", ["catalog", "catalog_name_regex"]) == [
        "catalog",
        "catalog_name_regex",
    ]
    assert suggest("x", ["ab", "aa"], cutoff=0.0) == ["aa", "ab"]


def test_suggest_respects_n_and_cutoff() -> None:
    names = ["release-1", "release-2", "release-3", "release-4"]
    assert len(suggest("relase", names)) == 3
    assert suggest("relase", names, n=1) == ["release-1"]
    assert suggest("relase", names, cutoff=0.99) == []


def test_a_very_long_name_is_not_scored_against_every_candidate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 100,000-character item reference took 36 s to refuse: difflib is quadratic."""
    import tracker.domain.names as names

    scored: list[str] = []

    def recording_score(needle: str, candidate: str) -> float:
        scored.append(candidate)
        return 0.0

    monkeypatch.setattr(names, "_score", recording_score)
    assert suggest("x" * 100_000, ["xx-item", "other"]) == []
    assert scored == []
    assert suggest("x" * 10, ["xxxxxxxxxx-item"]) == ["xxxxxxxxxx-item"]
