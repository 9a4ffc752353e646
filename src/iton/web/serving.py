"""Running `iton serve`: one process, or several uvicorn worker processes over one store."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from iton.errors import InvalidOption
from iton.web.app import ServeOptions, create_app

__all__ = ["MAX_WORKERS", "app_from_environment", "serve"]

# Worker processes at most: each loads the model and holds its own view of the corpus, so more
# than the machine has cores only adds memory.
MAX_WORKERS = 32
# Connections one process serves at once; more wait in the listen queue instead of piling up
# half-served in memory.
CONCURRENT_CONNECTIONS = 256
# httptools' HTTP parser and uvloop's event loop (both C) instead of h11 and asyncio's loop (Python):
# a fifth less of the server's CPU per request under load (bench/load.py on 10,000 articles,
# 2.53 -> 1.96-2.02 ms). uvloop is not made for Windows, where asyncio's loop stays.
HTTP_PARSER = "httptools"
EVENT_LOOP = "asyncio" if sys.platform == "win32" else "uvloop"
# Where the worker processes that uvicorn starts find the settings (they import the app afresh).
OPTIONS_VARIABLE = "ITON_SERVE_OPTIONS"


def serve(options: ServeOptions, workers: int = 1) -> None:
    """Serve until interrupted: in this process, or in ``workers`` processes sharing the port."""
    import uvicorn

    if not 1 <= workers <= MAX_WORKERS:
        raise InvalidOption("workers", workers, f"a number of processes from 1 to {MAX_WORKERS}")
    settings = {"host": options.host, "port": options.port, "log_level": "warning", "http": HTTP_PARSER,
                "loop": EVENT_LOOP, "limit_concurrency": CONCURRENT_CONNECTIONS}  # fmt: skip
    if workers == 1:
        uvicorn.run(create_app(options), **settings)
        return
    os.environ[OPTIONS_VARIABLE] = json.dumps(asdict(options))
    uvicorn.run("iton.web.serving:app_from_environment", factory=True, workers=workers, **settings)


def app_from_environment():
    """The app of one worker process, from the settings its parent left in the environment."""
    return create_app(ServeOptions(**json.loads(os.environ[OPTIONS_VARIABLE])))
