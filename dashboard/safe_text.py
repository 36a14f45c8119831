"""Text from data (file and sheet names, raw values, folders) shown inside Streamlit markdown.

Streamlit renders markdown: a file named `![x](http://host/x.png).csv` would become an image that the
browser fetches, `[ici](file:///…)` a live link. Every ASCII punctuation character is escaped with a
backslash (CommonMark shows it as itself), which also breaks bare `http://` and `www.` autolinks, and
control characters are dropped: the name is shown as the text it is.
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def md(value: object) -> str:
    """`value` as literal text inside markdown."""
    text = _CONTROL.sub(" ", str(value))
    return _PUNCTUATION.sub(r"\\\1", text)
