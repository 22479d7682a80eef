"""``python -m lib.brief`` (see lib.brief.brief)."""

import sys

from lib.brief.brief import main

sys.exit(main())
