"""Training code for the bundled models (needs the train extra; nothing at run time imports it)."""
