-- Cross-team release readiness dashboard over the tables `tracker publish` writes.
-- Replace prod_ml.readiness with your --to CATALOG.SCHEMA. One query per dashboard widget.
-- Tables: tracker_releases, tracker_items, tracker_owners, tracker_tasks, tracker_checks
-- (columns: see `tracker/domain/publish.py` or `DESCRIBE TABLE`).

-- Release Progress
SELECT
    release,
    environment,
    target_date,
    golive_date,
    closed_items,
    total_items,
    percent_closed,
    open_blocking,
    drifted_items,
    CASE
        WHEN golive_date IS NOT NULL THEN 'live'
        WHEN open_blocking = 0 THEN 'ready'
        WHEN target_date < CURRENT_DATE THEN 'late'
        ELSE 'in progress'
    END as readiness
FROM prod_ml.readiness.tracker_releases
WHERE archived = FALSE
ORDER BY target_date NULLS LAST, release;

-- Blocking Items per Team
SELECT
    COALESCE(o.team, o.handle, 'unassigned') as team,
    COUNT(*) as open_blocking_items,
    COUNT(DISTINCT i.release) as releases,
    SUM(CASE WHEN i.status = 'blocked' THEN 1 ELSE 0 END) as marked_blocked,
    SUM(CASE WHEN i.due_date < CURRENT_DATE THEN 1 ELSE 0 END) as past_due
FROM prod_ml.readiness.tracker_items i
JOIN prod_ml.readiness.tracker_releases r ON r.release = i.release AND r.archived = FALSE
LEFT JOIN prod_ml.readiness.tracker_owners o ON o.handle = i.owner
WHERE i.archived = FALSE
  AND i.severity = 'blocking'
  AND i.status NOT IN ('done', 'na')
GROUP BY COALESCE(o.team, o.handle, 'unassigned')
ORDER BY open_blocking_items DESC;

-- Overdue Post-Deployment Tasks
SELECT
    t.release,
    t.phase,
    t.text,
    t.due_date,
    DATEDIFF(CURRENT_DATE, t.due_date) as days_overdue,
    COALESCE(o.team, t.owner, 'unassigned') as team,
    t.owner
FROM prod_ml.readiness.tracker_tasks t
LEFT JOIN prod_ml.readiness.tracker_owners o ON o.handle = t.owner
WHERE t.status = 'todo'
  AND t.due_date < CURRENT_DATE
ORDER BY days_overdue DESC, t.release;

-- Drift: Ticked Done but the Latest Check Fails
SELECT
    i.release,
    i.item_id,
    i.text,
    i.owner,
    c.check_id,
    c.outcome,
    c.message,
    c.checked_at,
    c.link
FROM prod_ml.readiness.tracker_items i
JOIN prod_ml.readiness.tracker_checks c
  ON c.release = i.release AND c.item_id = i.item_id
WHERE i.drift = TRUE
  AND i.archived = FALSE
ORDER BY c.checked_at DESC;

-- Verification Freshness
SELECT
    release,
    COUNT(*) as checked_items,
    SUM(CASE WHEN outcome = 'PASS' THEN 1 ELSE 0 END) as passing,
    SUM(CASE WHEN outcome IN ('FAIL', 'ERROR') THEN 1 ELSE 0 END) as failing,
    SUM(CASE WHEN checked_at < CURRENT_TIMESTAMP - INTERVAL 7 DAYS THEN 1 ELSE 0 END) as stale,
    MAX(checked_at) as last_verified
FROM prod_ml.readiness.tracker_checks
GROUP BY release
ORDER BY release;
