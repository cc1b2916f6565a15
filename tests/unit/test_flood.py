from __future__ import annotations

from bot.flood import FloodGuard, Verdict


class Ticker:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_over_the_limit_is_ignored_after_one_notice() -> None:
    ticker = Ticker()
    guard = FloodGuard(limit=20, window=10.0, seconds=ticker)
    verdicts = []
    for _ in range(25):
        ticker.now += 0.1
        verdicts.append(guard.check(1))
    assert verdicts[:20] == [Verdict.ALLOW] * 20
    assert verdicts[20] is Verdict.NOTIFY
    assert verdicts[21:] == [Verdict.IGNORE] * 4
    # Someone else is not affected.
    assert guard.check(2) is Verdict.ALLOW


def test_after_a_quiet_window_the_person_is_heard_again() -> None:
    ticker = Ticker()
    guard = FloodGuard(limit=3, window=10.0, seconds=ticker)
    for _ in range(5):
        guard.check(1)
    ticker.now += 11
    assert guard.check(1) is Verdict.ALLOW
    guard.forget_idle()
    ticker.now += 11
    guard.forget_idle()
    assert guard.check(1) is Verdict.ALLOW
