"""Text printed to a terminal: nothing read from data may drive the terminal.

A cell holding `ESC ] 8 ; ; file:///… BEL` or `ESC [ 2 J` would make a link or clear the screen when
`assll ingest` prints it. Escape sequences are removed whole, other control characters (C0 and C1,
DEL) are shown as `�`; line breaks and tabs stay.
"""

from __future__ import annotations

import json
import re

# CSI, OSC (ended by BEL or ST), and two-character ESC sequences; C1 CSI/OSC (\x9b, \x9d) too.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]|\x1b"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROLS.sub("\ufffd", _SEQUENCES.sub("", text))


def json_text(value: object) -> str:
    """JSON whose strings carry control characters as \\u escapes only (json escapes C0, not DEL or C1)."""
    text = json.dumps(value, ensure_ascii=False, indent=1, default=str)
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
