"""Publishing in the tests: HTML and PPTX only (the PDF needs Chromium and adds nothing to what is frozen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines.reports.publish import publish
from pipelines.store import editions as store


def publish_quick(warehouse: Path, year: int, when: dt.datetime, who: str = "coordination") -> store.Edition:
    return publish(warehouse, year, who=who, when=when, formats=("html", "pptx"))
