"""What the server accepts: request size limits, the one error shape, and the check of query strings."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from iton.errors import ApiError

__all__ = ["LimitsMiddleware", "MAX_LIMIT", "MAX_FIELD_CHARS", "check_query", "error_response"]

# Longest value of one query-string field (a search, a trend term, an id): real queries are a
# few words, and the index's cost grows with the number of terms.
MAX_FIELD_CHARS = 256
# Largest request body (POST /api/normalize): a long article is ~50 kB of UTF-8.
MAX_BODY_BYTES = 256 * 1024
# Longest text /api/normalize analyses in one request (characters).
MAX_NORMALIZE_CHARS = 100_000
# Longest request target (path and query string); longer ones are refused before routing.
MAX_URL_BYTES = 4096
# Most results one list request returns.
MAX_LIMIT = 200


def error_response(status: int, problem: str, fix: str | None = None) -> JSONResponse:
    """The one shape of every error: ``{"error": {"status", "reason", "fix"}}``."""
    body: dict[str, Any] = {"error": {"status": status, "reason": problem}}
    if fix:
        body["error"]["fix"] = fix
    return JSONResponse(body, status_code=status)


class LimitsMiddleware:
    """Refuses over-long request targets and over-large bodies before they reach a route (pure ASGI)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > MAX_URL_BYTES:
            await error_response(414, f"the request URL is longer than {MAX_URL_BYTES} bytes",
                                 "send a shorter query")(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await error_response(413, f"the request body is larger than {MAX_BODY_BYTES} bytes",
                                 "send less text per request")(scope, receive, send)
            return
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    raise ApiError(413, f"the request body is larger than {MAX_BODY_BYTES} bytes",
                                   "send less text per request")
            return message

        await self.app(scope, limited_receive, send)


def check_query(value: str | None, name: str) -> str | None:
    """``value`` unchanged; ApiError (400) when it is longer than MAX_FIELD_CHARS."""
    if value is not None and len(value) > MAX_FIELD_CHARS:
        raise ApiError(400, f"{name} is {len(value)} characters long; at most {MAX_FIELD_CHARS} are accepted",
                       "shorten the query")
    return value
