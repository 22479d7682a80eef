"""``python -m lib.brief`` (see lib.brief.cli)."""

import sys

from lib.brief.cli import main

sys.exit(main())
