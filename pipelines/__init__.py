"""ASSLL Observatoire: pipelines from raw exports to the DuckDB warehouse."""
