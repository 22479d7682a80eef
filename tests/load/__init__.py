"""Load tier: the app behind nginx (scripts/serve.sh) under simulated people; fixtures in conftest.py."""
