"""Training code for the bundled models (needs the train extra; nothing at run time imports it)."""

from __future__ import annotations

from pathlib import PurePath


def recorded_command(program: str, argv: list[str]) -> str:
    """The command line as a model file records it: an absolute path (alone or after ``--flag=``)
    becomes ``…/`` and its last part, so that no path of the training machine goes into a shipped
    file."""

    def shown(arg: str) -> str:
        flag, equals, value = arg.rpartition("=") if arg.startswith("--") and "=" in arg else ("", "", arg)
        return f"{flag}{equals}…/{PurePath(value).name}" if PurePath(value).is_absolute() else arg

    return " ".join([program, *map(shown, argv)])
