"""Bundled model files (read with importlib.resources)."""
