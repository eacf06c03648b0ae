"""tracker: production-readiness tracking for ML systems on Databricks."""

__version__ = "0.1.0"
