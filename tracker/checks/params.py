"""Parameters several checks declare alike: the same name, type, description and default.

A check lists them in ``META.params`` next to its own (``params=(ENDPOINT_NAMES, Param(...))``).
Declare a parameter here only when it means the same thing to every check that takes it; when
a check describes it differently (e.g. ``prod_job_names`` for the job clusters of the compute
checks), keep its own ``Param``.
"""

from __future__ import annotations

from tracker.checks.model import Param

# --- production jobs and compute (``tracker.checks.selection``) -----------------------------

PROD_JOB_NAMES = Param(
    "prod_job_names", "list", "Production job names (comma-separated)", required=False
)
PROD_JOB_TAG = Param(
    "prod_job_tag", "str", "Tag marking production jobs (key=value), if no names", required=False
)
PROD_CLUSTER_REGEX = Param(
    "prod_cluster_regex", "regex", "Pattern matching production cluster names", required=False
)
BATCH_JOB_NAMES = Param("batch_job_names", "list", "Batch inference job names (comma-separated)")

# --- serving, models, experiments -----------------------------------------------------------

ENDPOINT_NAMES = Param(
    "endpoint_names", "list", "Production Model Serving endpoints (comma-separated)"
)
EXPERIMENT_PATHS = Param(
    "experiment_paths", "list", "MLflow experiment paths used for production training"
)
REGISTERED_MODEL_NAMES = Param(
    "model_names",
    "list",
    "Registered models: Unity Catalog full names (catalog.schema.model) or legacy "
    "workspace-registry names",
)
UC_MODEL_NAMES = Param(
    "model_names", "list", "Registered models in Unity Catalog, full names (comma-separated)"
)

# --- Unity Catalog tables -------------------------------------------------------------------

CATALOG = Param("catalog", "str", "Production Unity Catalog catalog, e.g. prod_ml")
FEATURE_TABLES = Param(
    "feature_tables", "list", "Feature tables, full three-part names (comma-separated)"
)
INFERENCE_TABLES = Param(
    "inference_tables", "list", "Inference or prediction tables, full names (comma-separated)"
)
GENERATED_TABLES = Param(
    "tables", "list", "Tables the synthetic data generators write, full three-part names"
)

# --- account --------------------------------------------------------------------------------

ACCOUNT_ID = Param(
    "account_id", "str", "Databricks account id (the item is skipped while it is unset)"
)
