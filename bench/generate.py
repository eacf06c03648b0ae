"""Fill a database with a realistic large history for benchmarks.

    python bench/generate.py --db sqlite:////tmp/tracker-large.db --releases 200

Each release is a copy of the shipped template with owners, evidence links, notes, N/A items and
~50 audit events, created through the real services (so the data has the real shape).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta

from tracker.domain.changes import ItemChange
from tracker.domain.clock import FixedClock
from tracker.domain.enums import ItemStatus, NaReason
from tracker.services.templates import find_template
from tracker.services.tracker import TrackerService

OWNERS = [
    ("ana", "Ana Lima", "platform"),
    ("ben", "Ben Okafor", "ml"),
    ("chen", "Chen Wei", "ml"),
    ("dana", "Dana Cruz", "data"),
    ("eli", "Eli Novak", "sre"),
    ("ml-platform", "ML Platform", None),
]


def generate(db_url: str, releases: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    template, _ = find_template("databricks-ml-production")
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    svc = TrackerService.open(db_url, "generator", FixedClock(start))
    for handle, name, team in OWNERS:
        svc.owners.add_owner(handle, name, email=f"{handle}@example.com", team=team)
    keys = [item.id for _, _, item in template.iter_items()]
    groups = sorted({g.id for c in template.categories for g in c.groups})
    t0 = time.perf_counter()
    for n in range(releases):
        svc.clock = FixedClock(start + timedelta(days=n))
        name = f"churn-{2026 + n // 100}-r{n:03d}"
        svc.releases.create_release(
            name,
            template,
            environment=rng.choice(["staging", "prod"]),
            target_date=date(2026, 3, 1) + timedelta(days=n),
            variables={"catalog": "prod_ml"},
        )
        for group in rng.sample(groups, 4):
            svc.actor = rng.choice(OWNERS)[0]
            svc.items.bulk_update(name, group, ItemChange(owner=rng.choice(OWNERS)[0]))
        for key in rng.sample(keys, 22):
            svc.actor = rng.choice(OWNERS)[0]
            if rng.random() < 0.12:
                change = ItemChange(
                    status=ItemStatus.NA,
                    na_reason=rng.choice(list(NaReason)),
                    na_note="not part of this release's scope",
                )
            else:
                change = ItemChange(
                    status=rng.choice(
                        [
                            ItemStatus.DONE,
                            ItemStatus.DONE,
                            ItemStatus.IN_PROGRESS,
                            ItemStatus.BLOCKED,
                        ]
                    ),
                    notes=f"Checked by {svc.actor} on the {n}th run.\nSee the linked page."
                    if rng.random() < 0.5
                    else None,
                    add_evidence=(
                        (
                            f"https://example.cloud.databricks.com/#job/{rng.randint(1, 10**6)}",
                            "Run page",
                        ),
                    )
                    if rng.random() < 0.6
                    else (),
                )
            svc.items.update_item(name, key, change)
        if (n + 1) % 20 == 0:
            print(f"{n + 1} releases ({time.perf_counter() - t0:.0f} s)")
    svc.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True, help="SQLAlchemy URL of a NEW database")
    parser.add_argument("--releases", type=int, default=200)
    args = parser.parse_args()
    generate(args.db, args.releases)


if __name__ == "__main__":
    main()
