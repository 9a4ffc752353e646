"""Training code for the bundled models (needs the train extra; nothing at run time imports it)."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import PurePath

# Floating-point training is bit-stable only on one set of kernels: torch's own vector kernels,
# oneDNN's (the convolutions) and MKL's (the matrix products) each pick code by CPU, and an
# AVX-512 machine trains other networks than an AVX2 one (the re-ranker's reproduction failed so).
# AVX2 is the common set of the x86-64 machines we train and run CI on. Pinned, an Intel Xeon with
# AVX-512 still trains other networks than an AMD EPYC (docs/quality.md, "Reproduced on any x86-64 CPU").
PINNED_KERNELS = {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "MKL_CBWR": "AVX2"}


def pin_cpu_kernels() -> dict[str, str]:
    """Pin torch's CPU kernels to AVX2 (unless the environment already names others) and return
    the settings in force. They are read once, when torch first computes, so this must run
    before; if torch has already been imported it warns that the pin may not hold. Other
    processors than x86-64 have none of these kernels: nothing is pinned there."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return {}
    if "torch" in sys.modules:
        print("warning: torch was imported before the CPU kernels were pinned; the networks may differ from "
              "those trained elsewhere", file=sys.stderr)
    for name, value in PINNED_KERNELS.items():
        os.environ.setdefault(name, value)
    return {name: os.environ[name] for name in PINNED_KERNELS}


def recorded_command(program: str, argv: list[str]) -> str:
    """The command line as a model file records it: an absolute path (alone or after ``--flag=``)
    becomes ``…/`` and its last part, so that no path of the training machine goes into a shipped
    file."""

    def shown(arg: str) -> str:
        flag, equals, value = arg.rpartition("=") if arg.startswith("--") and "=" in arg else ("", "", arg)
        return f"{flag}{equals}…/{PurePath(value).name}" if PurePath(value).is_absolute() else arg

    return " ".join([program, *map(shown, argv)])
