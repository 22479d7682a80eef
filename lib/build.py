"""``python -m lib.build [--db PATH] [--seed-dir DIR]``: the command-line name of lib.store.build."""

import sys

from lib.store.build import main

if __name__ == "__main__":
    sys.exit(main())
