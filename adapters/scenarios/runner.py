"""Running scenarios against backends, each in a thread of its own under a time limit."""

from __future__ import annotations

import asyncio
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storespec.adapters.scenarios.context import Broke, Context, OutsideDomain
from storespec.adapters.scenarios.outcome import (
    BREAKS,
    NOT_APPLICABLE,
    WORKS,
    ScenarioResult,
)
from storespec.adapters.scenarios.scenario import Scenario
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.deadline import DaemonExecutor
from storespec.conformance.core.errors import raised_at

TIME_LIMIT = 180.0
"""Seconds one scenario may take on one backend before it counts as broken (hung)."""

LINE = 300
"""The longest one-line detail a result carries."""


def one_line(exc: BaseException) -> str:
    """An exception as ``Type: message`` on one line, cut to LINE characters."""
    if isinstance(exc, Broke):
        text = str(exc)
    else:
        text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        where = raised_at(exc)
        if not str(exc) and where:  # a bare exception says nothing: say where it was raised
            text += f" (raised at {where})"
    text = " ".join(text.split())
    return text if len(text) <= LINE else text[: LINE - 3] + "..."


@dataclass
class _Run:
    context: Context
    outcome: str = ""
    detail: str = ""
    done: threading.Event = field(default_factory=threading.Event)


SETTLE = 30.0
"""Seconds a broken scenario's other tasks get to finish before its instances close."""


async def _settle() -> None:
    """Let the tasks a scenario left running finish, so that none writes into an instance
    after its teardown (``asyncio.gather`` stops waiting at the first error)."""
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current]
    if pending:
        await asyncio.wait(pending, timeout=SETTLE)


def _execute(scenario: Scenario, run: _Run) -> None:
    async def body() -> None:
        asyncio.get_running_loop().set_default_executor(DaemonExecutor())
        try:
            await scenario.run(run.context)
            run.outcome = WORKS
        except OutsideDomain as exc:
            run.outcome, run.detail = NOT_APPLICABLE, str(exc)
        except Exception as exc:
            run.outcome, run.detail = BREAKS, one_line(exc)
        finally:
            step = run.context.step
            await _settle()
            try:
                await run.context.close()
            except Exception as exc:
                if run.outcome == WORKS:
                    run.outcome, run.detail = BREAKS, one_line(exc)
                    run.context.at("close the instances")
                else:
                    run.context.at(step)

    try:
        asyncio.run(body())
    except BaseException as exc:  # the loop itself failed: report it, never lose the thread
        run.outcome, run.detail = BREAKS, one_line(exc)
    finally:
        run.done.set()


def run_scenario(
    scenario: Scenario, adapter: Adapter, time_limit: float = TIME_LIMIT
) -> ScenarioResult:
    """Run ``scenario`` against a fresh instance of ``adapter`` and say what it concluded.

    A scenario still running after ``time_limit`` seconds breaks at the step it was at;
    its thread is left behind, as a hung backend cannot be stopped.
    """
    reason = scenario.not_applicable(adapter)
    if reason is not None:
        return ScenarioResult(scenario.id, adapter.name, NOT_APPLICABLE, reason)
    run = _Run(Context(adapter))
    started = time.monotonic()
    thread = threading.Thread(
        target=_execute, args=(scenario, run), name=f"scenario {scenario.id}", daemon=True
    )
    thread.start()
    finished = run.done.wait(time_limit)
    took = time.monotonic() - started
    if not finished:
        detail = f"did not finish within {time_limit:g} s"
        return ScenarioResult(scenario.id, adapter.name, BREAKS, detail, run.context.step, took)
    step = run.context.step if run.outcome == BREAKS else ""
    outcome: Any = run.outcome
    return ScenarioResult(scenario.id, adapter.name, outcome, run.detail, step, took)


def run_backend(
    adapter: Adapter, scenarios: Sequence[Scenario], time_limit: float = TIME_LIMIT
) -> list[ScenarioResult]:
    """Every scenario against ``adapter``, one after another."""
    return [run_scenario(s, adapter, time_limit) for s in scenarios]
