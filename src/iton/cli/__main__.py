"""`python -m iton.cli`: the `iton` command."""

import sys

from iton.cli import main

sys.exit(main())
