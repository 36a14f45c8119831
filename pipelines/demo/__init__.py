"""Demo data: raw ASSLL exports 2014-2025 calibrated on the 2024 activity report."""

from pipelines.demo.generator import DEFAULT_SEED, build_records, describe, generate

__all__ = ["DEFAULT_SEED", "build_records", "describe", "generate"]
