"""``python -m lib.ingest FILE [options]`` (see lib.ingest.pipeline)."""

import sys

from lib.ingest.pipeline import main

sys.exit(main())
