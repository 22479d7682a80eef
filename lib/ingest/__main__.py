"""``python -m lib.ingest FILE [options]`` (see lib.ingest.cli)."""

import sys

from lib.ingest.cli import main

sys.exit(main())
