"""Folding of header cells and categorical values (DATA_CONTRACT section 2)."""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing polars costs a third of a second at start-up
    import polars as pl


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_TOTAL = re.compile(r"^(sous )?total( |$)")


@lru_cache(maxsize=200_000)
def fold(value: object) -> str:
    """Lower case, accents removed, any run of non-alphanumerics as one space, trimmed."""
    if value is None:
        return ""
    text = str(value).lower().replace("œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", text).strip()


def is_total_label(value: object) -> bool:
    """`total`, `sous total`, or either followed by a space and more (`TOTAL 2024`)."""
    return bool(_TOTAL.match(fold(value)))


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """`fold` as a native Polars expression (same result, checked in the tests)."""
    return (
        expr.str.to_lowercase()
        .str.replace_all("œ", "oe", literal=True)
        .str.replace_all("æ", "ae", literal=True)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all("[^0-9a-z]+", " ")
        .str.strip_chars()
    )


def readable_name(text: str) -> str:
    """A path as text that can be shown and stored: a name that is not UTF-8 on disk (made on Windows and
    copied as is) is read as Windows-1252, like the contents of a CSV."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = os.fsencode(text)
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
