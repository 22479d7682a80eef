"""Throttling of sign-in attempts: a growing delay after repeated failures and a lockout after
many, counted per key (a client address, an account). Pure Python, no I/O.

A caller asks :meth:`Throttle.wait` before it checks a password and refuses the attempt while
the answer is above zero (it never sleeps: the refused attempt costs nothing and blocks no one),
then reports :meth:`Throttle.failed` or :meth:`Throttle.succeeded`. One :class:`Throttle` is
shared by every session of a server process; it is thread-safe.

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
class _Entry:
    failures: int
    last: float


class Throttle:
    """Failure counts per key under one :class:`Policy`; `clock` is injectable for tests."""

    def __init__(self, policy: Policy, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS):
        self.policy = policy
        self._clock = clock
        self._max_keys = max_keys
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def _current(self, key: str, now: float) -> _Entry | None:
        e = self._entries.get(key)
        if e is None:
            return None
        locked_out = e.failures >= self.policy.lockout_after and now - e.last >= self.policy.lockout
        if locked_out or now - e.last >= self.policy.window:
            del self._entries[key]  # served its lockout, or quiet long enough: start again
            return None
        return e

    def wait(self, key: str) -> float:
        """Seconds before `key` may try again (0: now)."""
        with self._lock:
            now = self._clock()
            e = self._current(key, now)
            return 0.0 if e is None else max(0.0, e.last + self.policy.wait_after(e.failures) - now)

    def failed(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            e = self._current(key, now)
            if e is None:
                self._forget_some(now)
                self._entries[key] = _Entry(1, now)
            else:
                e.failures, e.last = e.failures + 1, now

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def failures(self, key: str) -> int:
        with self._lock:
            e = self._current(key, self._clock())
            return 0 if e is None else e.failures

    def _forget_some(self, now: float) -> None:
        """Keep at most max_keys: drop the expired, then the longest quiet (under the lock)."""
        if len(self._entries) < self._max_keys:
            return
        for key in list(self._entries):
            self._current(key, now)
        while len(self._entries) >= self._max_keys:
            del self._entries[min(self._entries, key=lambda k: self._entries[k].last)]


def wait(pairs: Iterable[tuple[Throttle, str]]) -> float:
    """The longest wait over several (throttle, key) pairs: an attempt must pass all of them."""
    return max((t.wait(k) for t, k in pairs), default=0.0)
