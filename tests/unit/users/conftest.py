"""Fixtures: see tests/unit/users/fixtures.py."""

from tests.unit.users.fixtures import cheap_hashes, db, people, store

__all__ = ["cheap_hashes", "db", "people", "store"]
