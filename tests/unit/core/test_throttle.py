"""lib.core.throttle: delays that grow after repeated failures, a lockout, forgetting, per key,
shared safely by many threads (one throttle serves every session of a server)."""

from __future__ import annotations

import threading

from lib.core.throttle import ACCOUNT, CLIENT, MemoryBackend, Policy, Throttle, wait


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_stated_values() -> None:
    """What docs and the admin page promise: 3 free tries, then 2, 4, 8 ... s (at most 60 s),
    locked 15 min after 10; the account: locked 15 min after 50 from anywhere."""
    assert [CLIENT.wait_after(n) for n in range(1, 11)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 900]
    assert (ACCOUNT.free, ACCOUNT.lockout_after, ACCOUNT.lockout) == (10, 50, 900)


def test_delays_grow_then_lock_then_release() -> None:
    clock = Clock()
    t = Throttle(Policy(free=2, delay=1, max_delay=4, lockout_after=5, lockout=100, window=1000), clock)
    waits = []
    for _ in range(5):
        assert t.wait("ip") == 0  # the caller waited as told
        t.failed("ip")
        waits.append(t.wait("ip"))
        clock.now += waits[-1]
    assert waits == [0, 0, 1, 2, 100]
    assert t.failures("ip") == 0  # the lockout was served: counting starts again
    t.failed("ip")
    assert t.failures("ip") == 1 and t.wait("ip") == 0


def test_a_refused_attempt_costs_nothing_and_time_counts_down() -> None:
    clock = Clock()
    t = Throttle(Policy(free=0, delay=10), clock)
    t.failed("ip")
    assert t.wait("ip") == 10
    clock.now += 4
    assert t.wait("ip") == 6  # asking again neither resets nor extends the delay
    assert t.failures("ip") == 1


def test_keys_are_separate_and_success_forgets() -> None:
    clock = Clock()
    t = Throttle(Policy(free=0, delay=5), clock)
    t.failed("a")
    assert t.wait("a") == 5 and t.wait("b") == 0
    t.succeeded("a")
    assert t.wait("a") == 0 and t.failures("a") == 0


def test_failures_are_forgotten_after_the_window() -> None:
    clock = Clock()
    t = Throttle(Policy(free=1, window=60), clock)
    t.failed("a")
    t.failed("a")
    clock.now += 61
    assert t.failures("a") == 0 and t.wait("a") == 0


def test_the_longest_wait_of_several_keys() -> None:
    clock = Clock()
    client, account = Throttle(Policy(free=0, delay=3), clock), Throttle(Policy(free=0, delay=7), clock)
    client.failed("ip")
    account.failed("admin")
    assert wait([(client, "ip"), (account, "admin")]) == 7
    assert wait([]) == 0


def test_many_threads_count_every_failure() -> None:
    t = Throttle(Policy(lockout_after=10**9, window=10**9))

    def fail() -> None:
        for _ in range(500):
            t.failed("shared")

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert t.failures("shared") == 4000


def test_memory_is_bounded() -> None:
    clock = Clock()
    t = Throttle(Policy(), clock, max_keys=100)
    for i in range(1000):  # an attacker making up addresses
        clock.now += 1
        t.failed(f"ip{i}")
    assert isinstance(t.backend, MemoryBackend) and len(t.backend._entries) <= 100
    assert t.failures("ip999") == 1  # the newest are kept
