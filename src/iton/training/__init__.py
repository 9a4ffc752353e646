"""Training code for the bundled models (needs the train extra; nothing at run time imports it)."""

from __future__ import annotations

from pathlib import PurePath


def recorded_command(program: str, argv: list[str]) -> str:
    """The command line as a model file records it: an absolute path becomes ``…/`` and its last
    part, so that no path of the training machine goes into a shipped file."""
    return " ".join([program, *(f"…/{PurePath(a).name}" if PurePath(a).is_absolute() else a for a in argv)])
