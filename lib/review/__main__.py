"""python -m lib.review: see lib.review.cli."""

import sys

from lib.review.cli import main

sys.exit(main())
