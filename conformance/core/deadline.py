"""Per-test deadlines: a backend call that hangs is cut off, and the backend marked as hung."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any


class BackendTimeout(BaseException):
    """A backend call outlived the deadline.

    It derives from BaseException so that a backend's ``except Exception``
    cannot swallow it.
    """


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise BackendTimeout in the main thread if the block runs longer than ``seconds``.

    Off the main thread, or with ``seconds <= 0``, the block runs unbounded.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise BackendTimeout(f"{what} did not finish within {seconds:g} s: the backend hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class DaemonExecutor(ThreadPoolExecutor):
    """Runs each call in a daemon thread, and never waits for them on shutdown.

    An event loop's default executor joins its threads at shutdown and at
    interpreter exit; a backend call that hangs in one would hang the run.
    """

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:
                future.set_exception(exc)

        threading.Thread(target=work, daemon=True, name="storespec-executor").start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Return at once: a hung call must not hang the shutdown."""
