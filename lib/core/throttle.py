"""Throttling of sign-in attempts: a growing delay after repeated failures and a lockout after
many, counted per key (a client address, an account). Pure Python, no I/O.

A caller asks :meth:`Throttle.wait` before it checks a password and refuses the attempt while
the answer is above zero (it never sleeps: the refused attempt costs nothing and blocks no one),
then reports :meth:`Throttle.failed` or :meth:`Throttle.succeeded`. One :class:`Throttle` is
shared by every session of a server process; it is thread-safe.

Where the counts live is a :class:`Backend`: by default a dict of this process
(:class:`MemoryBackend`); lib.users.accounts gives one kept in the control store (SQLite), so
that the counts hold across server processes. A backend applies one change to one key
atomically; the rules stay here.

The rules (:class:`Policy`), for a key with ``n`` failures, the last at ``t``:

- ``n <= free``: no delay;
- ``free < n < lockout_after``: the next attempt waits ``min(delay * 2**(n - free - 1), max_delay)``
  seconds after ``t``;
- ``n >= lockout_after``: locked for ``lockout`` seconds after ``t``; the count then starts again;
- failures are forgotten ``window`` seconds after the last one, and a success forgets them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Policy:
    free: int = 3  # failures allowed without delay
    delay: float = 2.0  # seconds after the first delayed failure, doubling with each further one
    max_delay: float = 60.0
    lockout_after: int = 10  # failures that lock the key
    lockout: float = 15 * 60.0  # seconds a locked key stays locked
    window: float = 60 * 60.0  # failures older than this (after the last one) are forgotten

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after the last of `failures` failures before the next attempt."""
        if failures >= self.lockout_after:
            return self.lockout
        if failures <= self.free:
            return 0.0
        return float(min(self.delay * 2.0 ** (failures - self.free - 1), self.max_delay))


# Per client address: a person mistyping a few times is not slowed; a script is, then locked.
CLIENT = Policy()
# Per account, whatever the address (an attacker changing addresses): looser, so that one
# attacker can lock the real admin out only after many guesses, and only for a while.
ACCOUNT = Policy(free=10, delay=1.0, max_delay=30.0, lockout_after=50, lockout=15 * 60.0)

MAX_KEYS = 10_000  # keys remembered; beyond this the quietest are forgotten first


@dataclass
class Entry:
    failures: int
    last: float


_Entry = Entry  # the former private name

Change = Callable[[Entry | None], Entry | None]


class Backend(Protocol):
    """Failure counts by key. `update` applies `change` to the key's entry (None: no entry) and
    stores what it returns (None: forget the key) as one atomic step; it returns the result."""

    def update(self, key: str, change: Change) -> Entry | None: ...


class MemoryBackend:
    """Counts in this process only, at most `max_keys` (the quietest are forgotten first)."""

    def __init__(self, max_keys: int = MAX_KEYS):
        self._max_keys = max_keys
        self._entries: dict[str, Entry] = {}
        self._lock = threading.Lock()

    def update(self, key: str, change: Change) -> Entry | None:
        with self._lock:
            old = self._entries.get(key)
            new = change(None if old is None else Entry(old.failures, old.last))
            if new is None:
                self._entries.pop(key, None)
                return None
            if old is None and len(self._entries) >= self._max_keys:
                while len(self._entries) >= self._max_keys:
                    del self._entries[min(self._entries, key=lambda k: self._entries[k].last)]
            self._entries[key] = new
            return new


class Throttle:
    """Failure counts per key under one :class:`Policy`; `clock` is injectable for tests.
    `clock` must be shared by every process using one backend (time.time for a store)."""

    def __init__(
        self,
        policy: Policy,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
        backend: Backend | None = None,
    ):
        self.policy = policy
        self._clock = clock
        self.backend: Backend = backend if backend is not None else MemoryBackend(max_keys)

    def _live(self, e: Entry | None, now: float) -> Entry | None:
        """The entry, or None once it served its lockout or was quiet for the window."""
        if e is None:
            return None
        locked_out = e.failures >= self.policy.lockout_after and now - e.last >= self.policy.lockout
        if locked_out or now - e.last >= self.policy.window:
            return None
        return e

    def wait(self, key: str) -> float:
        """Seconds before `key` may try again (0: now)."""
        now = self._clock()
        e = self.backend.update(key, lambda e: self._live(e, now))
        return 0.0 if e is None else max(0.0, e.last + self.policy.wait_after(e.failures) - now)

    def failed(self, key: str) -> int:
        """Count a failure; returns the failures now counted for `key`."""
        now = self._clock()

        def more(e: Entry | None) -> Entry:
            e = self._live(e, now)
            return Entry(1, now) if e is None else Entry(e.failures + 1, now)

        e = self.backend.update(key, more)
        return 0 if e is None else e.failures

    def succeeded(self, key: str) -> None:
        self.backend.update(key, lambda e: None)

    def failures(self, key: str) -> int:
        now = self._clock()
        e = self.backend.update(key, lambda e: self._live(e, now))
        return 0 if e is None else e.failures

    def locked(self, key: str) -> bool:
        """Whether `key` is serving a lockout now."""
        return self.failures(key) >= self.policy.lockout_after


def wait(pairs: Iterable[tuple[Throttle, str]]) -> float:
    """The longest wait over several (throttle, key) pairs: an attempt must pass all of them."""
    return max((t.wait(k) for t, k in pairs), default=0.0)
