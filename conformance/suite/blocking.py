"""Detecting blocking calls made on the event loop's thread."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from blockbuster import BlockingError, blockbuster_ctx


async def assert_loop_not_blocked(exercise: Callable[[], Awaitable[None]]) -> None:
    """Run ``exercise`` and fail if it makes a blocking call (sleep, socket, file I/O)
    on the event loop's thread."""
    try:
        with blockbuster_ctx():
            await exercise()
    except BlockingError as exc:
        raise AssertionError(f"an async method blocked the event loop: {exc}") from None
