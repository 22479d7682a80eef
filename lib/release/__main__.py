"""python -m lib.release: see lib.release.cli."""

import sys

from lib.release.cli import main

sys.exit(main())
