"""The warehouse: immutable Parquet versions, the `CURRENT` switch, the import lock, and the table of
comparison fiches a version carries over.

May import `pipelines.reference` only.
"""
