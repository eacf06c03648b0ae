"""Verification benchmark: a whole release against the fake workspace with per-request latency.

    python bench/bench_verify.py [--latency-ms 100] [--parallel 8] [--scenario compliant]

Starts a ``FakeWorkspace`` adding ``--latency-ms`` to every request, creates a release of the
shipped template (``databricks-ml-production``) on a throw-away SQLite database with variables
taken from the template's examples/defaults, and verifies the WHOLE release through
``TrackerService.verification.verify`` (the real runner, the real ``databricks-sdk`` client built by
``tracker.databricks`` from ``DATABRICKS_*`` environment variables) three ways:

1. sequential (``parallel=1``);
2. parallel (``--parallel``);
3. each check alone (one fresh ``verify --item`` run per item) to find the slowest single check.

Budgets (issue 4, "Performance"): parallel wall time <= 2x the slowest single check, and HTTP
requests of the parallel run <= distinct resources read. When the template carries no ``check:``
references yet, they are taken from ``.checkrefs/*.yaml`` (item id -> check block).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.config import DEFAULT_PARALLEL

if TYPE_CHECKING:
    from tracker.domain.template import Template
    from tracker.fakeworkspace import FakeWorkspace, RecordedRequest
    from tracker.services.tracker import TrackerService
    from tracker.services.verify_reports import VerifyReport

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_ID = "databricks-ml-production"
WELL_KNOWN = "/.well-known/databricks-config"
PAGE_KEYS = frozenset({"page_token", "startIndex"})  # token paging and SCIM paging
OUTCOMES = ("PASS", "FAIL", "ERROR", "SKIPPED", "MANUAL_REVIEW")
BUDGET_RATIO = 2.0
DUMMY_TOKEN = "dapi-bench-dummy-token"  # the fake accepts any bearer token


# --- template and variables ----------------------------------------------------------------


def _item_check_count(template: Template) -> int:
    return sum(1 for _, _, item in template.iter_items() if item.check is not None)


def load_target_template(checkrefs_dir: Path = ROOT / ".checkrefs") -> tuple[Template, str]:
    """The shipped template, or (while it has no ``check:`` references) the template with the
    ``.checkrefs/*.yaml`` blocks merged into its items and tasks. Returns it and its origin."""
    import yaml

    from tracker.domain.template_loader import parse_template
    from tracker.services.templates import find_template

    template, path = find_template(TEMPLATE_ID)
    if _item_check_count(template):
        return template, f"{path.name} ({_item_check_count(template)} items with a check)"
    refs: dict[str, Any] = {}
    files = sorted(checkrefs_dir.glob("*.yaml"))
    for ref_file in files:
        refs.update(yaml.safe_load(ref_file.read_text(encoding="utf-8")) or {})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    used: set[str] = set()
    nodes = [i for c in data["categories"] for g in c["groups"] for i in g["items"]]
    nodes += [t for p in data.get("post_deployment") or [] for t in p["tasks"]]
    for node in nodes:
        if node["id"] in refs:
            node["check"] = refs[node["id"]]
            used.add(node["id"])
    unknown = sorted(set(refs) - used)
    if unknown:
        print(f"warning: .checkrefs ids not in the template: {', '.join(unknown)}", file=sys.stderr)
    merged = parse_template(yaml.safe_dump(data, sort_keys=False), f"{path.name}+.checkrefs")
    origin = (
        f"{path.name} has no checks yet: merged {len(used)} blocks from "
        f"{', '.join(f.name for f in files)} ({_item_check_count(merged)} items with a check)"
    )
    return merged, origin


def release_variables(
    template: Template, cloud: str | None, overrides: Sequence[str]
) -> dict[str, str]:
    """Each variable's example (else default); ``cloud`` is the scenario's cloud (the template's
    example shows an override, not the demo workspace); ``NAME=VALUE`` overrides win."""
    values = {
        v.name: v.example if v.example is not None else v.default
        for v in template.variables
        if (v.example if v.example is not None else v.default) is not None
    }
    if "cloud" in template.variable_names:
        values.pop("cloud", None)
        if cloud:
            values["cloud"] = cloud
    for text in overrides:
        name, sep, value = text.partition("=")
        if not sep:
            raise SystemExit(f"--var expects NAME=VALUE, not {text!r}")
        values[name.strip()] = value
    return {k: v for k, v in values.items() if v is not None}


# --- request accounting ----------------------------------------------------------------------


def _strip_paging(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_paging(v) for k, v in value.items() if k not in PAGE_KEYS}
    return value


def _is_page(req: RecordedRequest) -> bool:
    """A follow-up page of a list (a page token, or a SCIM ``startIndex`` past 1)."""
    if any(v and v[0] for k, v in req.query.items() if k == "page_token"):
        return True
    if any(v and v[0] not in ("", "0", "1") for k, v in req.query.items() if k == "startIndex"):
        return True
    return isinstance(req.body, dict) and bool(req.body.get("page_token"))


def resource_key(req: RecordedRequest) -> tuple[str, str, str, str]:
    """(method, path, query without page keys, body without page keys): one resource read."""
    query = {k: sorted(v) for k, v in sorted(req.query.items()) if k not in PAGE_KEYS}
    body = json.dumps(_strip_paging(req.body), sort_keys=True) if req.body is not None else ""
    return req.method, req.path, json.dumps(query, sort_keys=True), body


@dataclass(frozen=True, slots=True)
class RequestStats:
    requests: int  # every request but the host-metadata probe, follow-up pages included
    probes: int  # GET /.well-known/databricks-config
    distinct: int  # distinct resource keys among ``requests``
    pages: int  # follow-up pages of a list (in ``requests``; one resource with their first page)
    duplicates: list[tuple[str, int]]  # resources whose first page was requested more than once

    @property
    def reads(self) -> int:
        """Requests that start a resource read (``requests`` minus follow-up pages)."""
        return self.requests - self.pages

    @property
    def ok(self) -> bool:
        """No resource was read twice: every request is a distinct resource or one of its
        pages."""
        return self.reads <= self.distinct


def request_stats(recorded: Iterable[RecordedRequest]) -> RequestStats:
    reqs = list(recorded)
    probes = sum(1 for r in reqs if r.path == WELL_KNOWN)
    api = [r for r in reqs if r.path != WELL_KNOWN]
    firsts = Counter(resource_key(r) for r in api if not _is_page(r))
    pages = sum(1 for r in api if _is_page(r))
    dups = [
        (f"{k[0]} {k[1]}{'?' + k[2] if k[2] != '{}' else ''}", n)
        for k, n in firsts.items()
        if n > 1
    ]
    distinct = len({resource_key(r) for r in api})
    return RequestStats(len(api), probes, distinct, pages, sorted(dups, key=lambda d: -d[1]))


# --- runs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Timed:
    label: str
    wall_s: float
    report: VerifyReport
    stats: RequestStats

    def counts(self) -> dict[str, int]:
        c = Counter(i.outcome.value for i in self.report.items)
        return {o: c.get(o, 0) for o in OUTCOMES}


def _timed_verify(
    svc: TrackerService,
    ws: FakeWorkspace,
    release: str,
    label: str,
    *,
    parallel: int,
    items: Sequence[str] = (),
) -> Timed:
    ws.reset_requests()
    t0 = time.perf_counter()
    report = svc.verification.verify(release, item_refs=items, parallel=parallel)
    wall = time.perf_counter() - t0
    return Timed(label, wall, report, request_stats(ws.requests))


def _set_env(url: str, tmp: Path, retry_s: int, http_s: int) -> None:
    """Unified auth from the environment only: the fake's URL and a dummy PAT; no profile."""
    from tracker.databricks import ENV_HTTP_TIMEOUT, ENV_RETRY_TIMEOUT

    for var in [v for v in os.environ if v.startswith("DATABRICKS_")]:
        del os.environ[var]
    os.environ["DATABRICKS_HOST"] = url
    os.environ["DATABRICKS_TOKEN"] = DUMMY_TOKEN
    os.environ["DATABRICKS_CONFIG_FILE"] = str(tmp / "no-databrickscfg")
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    os.environ[ENV_RETRY_TIMEOUT] = str(retry_s)
    os.environ[ENV_HTTP_TIMEOUT] = str(http_s)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.0f} ms"


def _fmt_counts(counts: dict[str, int]) -> str:
    return "  ".join(f"{o} {n}" for o, n in counts.items())


def _median_run(runs: Sequence[Timed]) -> Timed:
    return sorted(runs, key=lambda t: t.wall_s)[len(runs) // 2]


def run_benchmark(args: argparse.Namespace) -> int:
    from tracker.fakeworkspace import FakeWorkspace, load_scenario
    from tracker.services.tracker import TrackerService

    template, origin = load_target_template()
    scenario = load_scenario(args.scenario)
    variables = release_variables(template, scenario.cloud, args.var)
    repeat = max(1, args.repeat)

    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp_name:
        tmp = Path(tmp_name)
        ws = FakeWorkspace(scenario, latency_ms=args.latency_ms).start()
        try:
            _set_env(ws.url, tmp, args.retry_timeout, args.http_timeout)
            svc = TrackerService.open(f"sqlite:///{tmp / 'bench.db'}", "bench")
            svc.warm_up()
            svc.releases.create_release("bench", template, variables=variables)
            keys = [i.key for i in svc.releases.release_view("bench").items if i.check is not None]
            if not keys:
                print("no item carries a check: nothing to benchmark", file=sys.stderr)
                return 2

            # Warm-up (not timed): imports databricks.sdk (~2 s), the check catalogue, SQLModel.
            import databricks.sdk  # noqa: F401

            from tracker.checks import registry

            registry.all_checks()
            _timed_verify(svc, ws, "bench", "warm-up", parallel=1, items=keys[:1])

            seq = _timed_verify(svc, ws, "bench", "sequential (parallel=1)", parallel=1)
            par_runs = [
                _timed_verify(svc, ws, "bench", f"parallel={args.parallel}", parallel=args.parallel)
                for _ in range(repeat)
            ]
            singles = {
                key: [_timed_verify(svc, ws, "bench", key, parallel=1, items=[key])] for key in keys
            }
            # The slowest candidates again, so one noisy run does not decide the budget.
            for key in sorted(keys, key=lambda k: -singles[k][0].wall_s)[:5]:
                singles[key] += [
                    _timed_verify(svc, ws, "bench", key, parallel=1, items=[key])
                    for _ in range(repeat - 1)
                ]
            svc.close()
        finally:
            ws.stop()

    par = _median_run(par_runs)
    alone = {key: _median_run(runs) for key, runs in singles.items()}
    slowest = max(alone.values(), key=lambda t: t.wall_s)
    slowest_item = slowest.report.items[0]
    ratio = par.wall_s / slowest.wall_s
    time_ok = ratio <= BUDGET_RATIO
    st = par.stats
    whole = {i.item_key: i.outcome for i in par.report.items}
    differ = sorted(k for k, t in alone.items() if t.report.items[0].outcome != whole.get(k))

    print(
        f"verify benchmark: scenario {args.scenario!r}, fake latency {args.latency_ms:g} ms on "
        f"every request, {len(keys)} checks"
    )
    print(f"  template: {origin}")
    print(
        f"  variables: {len(variables)} from the template's examples/defaults "
        f"(cloud={variables.get('cloud')}, the scenario's)"
    )
    print()
    print(f"{'run':<28} {'wall':>8} {'requests':>8} {'pages':>5} {'distinct':>8}  outcomes")
    rows = [(seq.label, seq), (f"{par.label} (median of {len(par_runs)})", par)]
    rows.append(("slowest check alone", slowest))
    for label, t in rows:
        print(
            f"{label[:28]:<28} {t.wall_s * 1000:6.0f}ms {t.stats.requests:>8} {t.stats.pages:>5} "
            f"{t.stats.distinct:>8}  {_fmt_counts(t.counts())}"
        )
    print()
    walls = ", ".join(f"{t.wall_s * 1000:.0f}" for t in par_runs)
    print(
        f"parallel runs: {walls} ms; sequential / parallel speed-up {seq.wall_s / par.wall_s:.1f}x"
    )
    top = sorted(alone.values(), key=lambda t: -t.wall_s)[:5]
    print(
        f"each check alone ({len(alone)} fresh runs, client + probe + check + store each): "
        f"median {statistics.median(t.wall_s for t in alone.values()) * 1000:.0f} ms; slowest "
        + ", ".join(f"{t.label} {t.wall_s * 1000:.0f}" for t in top)
    )
    print(
        f"slowest single check: {slowest.label} ({slowest_item.result.check_id}, "
        f"{slowest_item.outcome.value}) {slowest.wall_s * 1000:.0f} ms end to end, "
        f"{slowest_item.result.duration_ms} ms inside the runner, "
        f"{slowest.stats.requests} request(s) + probe"
    )
    skipped = [i.item_key for i in par.report.items if i.outcome.value == "SKIPPED"]
    if skipped:
        print(f"skipped in the whole run: {', '.join(skipped)}")
    agree = len(alone) - len(differ)
    print(
        f"checks alone agree with the whole run: {agree}/{len(alone)}"
        + (f" (differ: {', '.join(differ)})" if differ else "")
    )
    print()
    print(
        f"TIME      parallel {par.wall_s * 1000:.0f} ms / slowest single check "
        f"{slowest.wall_s * 1000:.0f} ms = {ratio:.2f}x (budget <= {BUDGET_RATIO:g}x)  "
        f"{'OK' if time_ok else 'OVER BUDGET'}"
    )
    print(
        f"REQUESTS  parallel run: {st.requests} HTTP requests ({st.reads} resource reads + "
        f"{st.pages} follow-up pages; {st.probes} {WELL_KNOWN} probe not counted) vs "
        f"{st.distinct} distinct resources read  {'OK' if st.ok else 'OVER BUDGET'}"
    )
    if st.pages:
        print(
            f"          (strictly, {st.requests} requests > {st.distinct} resources only because "
            f"{st.pages} page(s) of lists that span pages count within their list's one read)"
        )
    if st.duplicates:
        print("  resources read more than once in the parallel run:")
        for key, n in st.duplicates[:15]:
            print(f"    {n}x {key}")
    print()
    print(
        "distinct resource = distinct (method, path, query, JSON body) of the recorded requests\n"
        "with the paging keys (page_token, SCIM startIndex) removed: every page of one list is the\n"
        "same resource, and the body tells POST reads apart (SQL statements, runs/search). A\n"
        "follow-up page is a request carrying a page_token or a SCIM startIndex > 1."
    )
    if args.scenario == "compliant":
        bad = [i for i in par.report.items if i.outcome.value in ("FAIL", "ERROR")]
        if bad:
            print()
            print("non-passing results in the parallel run:")
            for item in bad:
                print(f"  {item.outcome.value:<6} {item.item_key}: {item.result.message[:160]}")
    return 0 if time_ok and st.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--latency-ms", type=float, default=100, help="added to every request")
    parser.add_argument(
        "--parallel",
        type=int,
        default=DEFAULT_PARALLEL,
        help="checks in flight in the parallel run (the app default)",
    )
    parser.add_argument("--scenario", default="compliant", help="bundled scenario name or a file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the parallel verification and of the 5 slowest single checks (median)",
    )
    parser.add_argument(
        "--var", action="append", default=[], metavar="NAME=VALUE", help="override a variable"
    )
    parser.add_argument("--retry-timeout", type=int, default=10, help="SDK retry budget, seconds")
    parser.add_argument("--http-timeout", type=int, default=10, help="SDK HTTP timeout, seconds")
    return run_benchmark(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
