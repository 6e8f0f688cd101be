"""Installing storespec does not make a host project warn about pytest-asyncio's loop scope."""

from __future__ import annotations

import pytest

SUBCLASS = """
from storespec.conformance import Adapter
from storespec.conformance.plugin.subclass import StoreConformance
from storespec.reference import InMemoryStore


class TestMyStore(StoreConformance):
    backend = Adapter(name="my-store", kind="store", factory=lambda ns, **o: InMemoryStore())
"""

WARNING = '"asyncio_default_fixture_loop_scope" is unset'


def test_the_subclass_style_warns_about_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_mine=SUBCLASS)
    result = pytester.runpytest_subprocess(
        "-k", "mget or async", "-p", "no:cacheprovider", "-W", "error::DeprecationWarning"
    )
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*store.async.equivalent*pass*"])
    assert WARNING not in result.stdout.str() + result.stderr.str()
    assert "warnings summary" not in result.stdout.str()


def test_a_backend_run_warns_about_nothing(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(
        "--backend=reference-store", "-k", "async", "-p", "no:cacheprovider"
    )
    assert result.ret == 0
    assert WARNING not in result.stdout.str() + result.stderr.str()


def test_a_host_run_without_the_suite_still_hears_of_the_unset_option(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_host="def test_host():\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "*warnings summary*",
            "*PytestDeprecationWarning*asyncio_default_fixture_loop_scope*is unset*",
        ]
    )


def test_a_session_scoped_async_fixture_keeps_its_own_loop(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_host="""
import asyncio
import pytest
import pytest_asyncio

@pytest_asyncio.fixture(scope="session")
async def session_loop():
    return asyncio.get_running_loop()

@pytest.mark.asyncio(loop_scope="session")
async def test_one(session_loop):
    assert asyncio.get_running_loop() is session_loop

@pytest.mark.asyncio(loop_scope="session")
async def test_two(session_loop):
    assert asyncio.get_running_loop() is session_loop
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
