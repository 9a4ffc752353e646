"""The HTTP API and web pages of `iton serve` (FastAPI, Jinja2 templates, inline SVG charts)."""

from __future__ import annotations

from iton.web.app import ServeOptions, create_app
from iton.web.serving import serve

__all__ = ["ServeOptions", "create_app", "serve"]
