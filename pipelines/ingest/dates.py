"""French date forms of DATA_CONTRACT section 2, parsed once per distinct raw text."""

from __future__ import annotations

import datetime as dt
import re

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SERIAL = re.compile(r"^\d{1,7}(\.\d+)?$")
_TIME_SUFFIX = re.compile(r"^([\d/.\-]+)(?:[ T]+\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial days from 1900-01-01 to 9999-12-31; anything else is not an Excel date.
SERIAL_MAX = 2_958_465


def parse_date(raw: str | None, ingest_year: int) -> dt.date | None:
    """A date, or None when the text is no date at all (31/02/2024, 2024-13-01, 00/00/0000)."""
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    match = _TIME_SUFFIX.match(text)
    if not match:
        return None
    text = match.group(1)
    try:
        m = _DMY.match(text)
        if m:
            day, month, year_text = int(m.group(1)), int(m.group(2)), m.group(3)
            year = int(year_text)
            if len(year_text) == 2:
                year += 2000
                if year > ingest_year:
                    year -= 100
            return dt.date(year, month, day)
        m = _YMD.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if _SERIAL.match(text):
            serial = float(text)
            if 1 <= serial <= SERIAL_MAX:
                return EXCEL_EPOCH + dt.timedelta(days=int(serial))
    except ValueError:
        return None
    return None
