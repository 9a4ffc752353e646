"""JSON Lines output that every reader splits where the writer meant: one record, one line."""

from __future__ import annotations

import json

__all__ = ["json_line"]

# Characters that JSON leaves raw but that many line readers (JavaScript, Python's str.splitlines,
# some editors) take for line breaks: escaped, so a record never spans two lines.
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}
_ESCAPES = str.maketrans(_LINE_BREAKS)


def json_line(value: object) -> str:
    """``value`` as one line of JSON (UTF-8 text kept readable, line-break characters escaped).

    >>> json_line({"text": "a\\u2028b"})
    '{"text": "a\\\\u2028b"}'
    """
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
