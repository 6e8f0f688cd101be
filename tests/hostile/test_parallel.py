"""A parallel run (pytest-xdist) gives the same verdicts as a serial one."""

from __future__ import annotations

import pytest

from tests.adapters.support import skip_or_fail
from tests.conftest import read_report


def verdicts(pytester: pytest.Pytester, *args: str) -> dict[tuple[str, str], str]:
    path = pytester.path / f"report{len(args)}.json"
    result = pytester.runpytest_subprocess(
        "--backend=reference",
        "--conformance-profile=quick",
        f"--conformance-report={path}",
        "-p",
        "no:cacheprovider",
        *args,
    )
    assert result.ret == 0, result.stdout.str()[-2000:]
    return {(c["backend"], c["id"]): c["outcome"] for c in read_report(path)["clauses"]}


def test_xdist_and_serial_runs_agree(pytester: pytest.Pytester) -> None:
    serial = verdicts(pytester)
    parallel = verdicts(pytester, "-n", "2")
    assert serial == parallel
    assert set(serial.values()) == {"pass", "not applicable"}


def test_xdist_and_serial_runs_agree_on_a_server_adapter(pytester: pytest.Pytester) -> None:
    # SQLStore on PostgreSQL: a shared server and table, and listings that are exact. The
    # Redis store is no witness here: SCAN may yield a key twice while the database
    # resizes, which concurrent workers make likelier (a real behaviour of RedisStore).
    from storespec.adapters.community_sql import BACKENDS

    (store,) = [a for a in BACKENDS if a.name == "community-sqlstore-postgres-sync"]
    reason = store.unavailable()
    if reason is not None:
        skip_or_fail(reason)
    # The clauses whose verdicts do not depend on timing: the concurrency clauses and the
    # models show some findings by chance, in one run and not the next, parallel or not.
    deterministic = [
        f"--clause={c}"
        for c in ("store.mget", "store.mset", "store.mdelete", "store.keys.all", "store.async")
    ]
    serial = verdicts(pytester, f"--backend={store.name}", *deterministic)
    parallel = verdicts(pytester, f"--backend={store.name}", *deterministic, "-n", "2")
    assert serial == parallel
    assert "known finding" in serial.values()
