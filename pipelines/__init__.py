"""ASSLL Observatoire: from raw exports to published figures. Packages only, one layer each (top to bottom):

- `cli/`: the `assll` command line;
- `reports/` and `demo/`: the activity report and slides; the demo exports;
- `comparatif/`: the fiche comparative with other départements;
- `published/`: masking, shares, sentences and display formats of every figure shown;
- `indicators/`: one SQL definition per indicator, and the estimators applied to cohorts;
- `ingest/`: reading, recognising, normalising, merging and deriving the exports, the import report;
- `store/`: the versioned Parquet warehouse;
- `reference/`: settings, the data contract's schema, referentials and geography.

A package imports only the packages below it (`visuals` and `dashboard` sit above `published`); the
contracts are in pyproject.toml (`[tool.importlinter]`) and checked by the test suite.
"""
