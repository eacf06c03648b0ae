"""Automated checks: the contract (``model``), the catalogue (``registry``), the runner, and one
check per file under ``builtin/``. Nothing here imports ``databricks.sdk`` at import time."""
