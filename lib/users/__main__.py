"""python -m lib.users: see lib.users.cli."""

import sys

from lib.users.cli import main

sys.exit(main())
