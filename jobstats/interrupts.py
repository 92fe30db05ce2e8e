"""Stop signals (Ctrl-C, SIGTERM) that are never lost.

While a command runs, SIGINT raises :class:`KeyboardInterrupt` and SIGTERM raises
:class:`Terminated` in the main thread, so clean-up code runs and staging folders are
removed. A ``KeyboardInterrupt`` raised while a C extension module is being imported
(lxml, which openpyxl imports on first use, is one) can be swallowed by that import,
and the work would go on as if nothing happened. So the handlers also remember the
signal, and :func:`raise_if_stopped` — called before a finished report is moved into
place — raises it again: a report interrupted at any moment is never committed.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Terminated", "raise_if_stopped", "stop_signals_deferred", "stop_signals_ignored",
           "stop_signals_raise"]

_received: list[int] = []  # the signals received while stop_signals_raise is active


class Terminated(KeyboardInterrupt):
    """Raised in the main thread when the process receives SIGTERM (treated like Ctrl-C:
    clean-up code runs, staging folders are removed)."""

    def __init__(self, signum: int = signal.SIGTERM) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def _stop(signum: int) -> KeyboardInterrupt:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def _handler(signum: int, _frame: FrameType | None) -> None:
    _received.append(signum)
    raise _stop(signum)


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """SIGINT and SIGTERM raise (and are remembered) until the block ends; outside the
    main thread, where Python refuses to set handlers, nothing changes."""
    try:
        with _stop_signals(_handler):
            yield
    finally:
        _received.clear()


@contextmanager
def stop_signals_ignored() -> Iterator[None]:
    """SIGINT and SIGTERM are ignored until the block ends (a second Ctrl-C while a
    batch is stopping must not leave workers or staging behind)."""
    with _stop_signals(signal.SIG_IGN):
        yield


@contextmanager
def stop_signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends, then the first one received is
    delivered again to the handler that was in place (clean-up such as removing a
    staging folder must not be cut short by a second Ctrl-C, or by the second SIGTERM
    a batch worker gets when its parent dies)."""
    held: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        held.append(signum)

    with _stop_signals(hold):
        yield
    if held:
        signal.raise_signal(held[0])


@contextmanager
def _stop_signals(handler: Callable[[int, FrameType | None], None] | signal.Handlers
                  ) -> Iterator[None]:
    try:
        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def raise_if_stopped() -> None:
    """Raise the stop signal received earlier, if any (whether or not its exception
    was swallowed on the way)."""
    if _received:
        raise _stop(_received[0])
