"""The import of a folder of raw exports, in its stages: budgets (checks before reading) → readers, xlsx
(cells with provenance, in an isolated process) → headers (which table) → rows (blank, total, repeated
header) → normalise (values, dates, quarantine reasons) → merge → derive → version_tables (the tables of a
new warehouse version) and bilan (the import report), driven by `pipeline.ingest`.

May import `pipelines.store` and `pipelines.reference`; never the indicators nor the published layer.
"""
