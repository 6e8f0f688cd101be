"""What --backend accepts, and the readable errors for what it does not."""

from __future__ import annotations

import pytest

from storespec.conformance.core.resolve import resolve
from tests.conftest import report_at


def test_without_backend_the_plugin_leaves_host_tests_alone(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_host="def test_host():\n    assert True\n")
    result = pytester.runpytest("-q")
    result.assert_outcomes(passed=1)
    assert "storespec conformance" not in result.stdout.str()


def test_builtin_name_runs_the_installed_suite_with_no_paths(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_host="def test_host():\n    assert False\n")
    result = pytester.runpytest("--backend=reference-store", "-k", "mget", "-q")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*storespec conformance*", "*store.mget.order*MUST*pass*"])
    assert "test_host" not in result.stdout.str()


def test_unknown_backend_lists_the_available_ones(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--backend=no-such-backend")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown backend 'no-such-backend'*Available:*reference*"])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()


def test_import_error_shows_its_cause_briefly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(broken_mod="import not_a_real_module_xyz\n")
    pytester.syspathinsert()
    result = pytester.runpytest("--backend=broken_mod:Store")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*cannot import 'broken_mod'*No module named 'not_a_real_module_xyz'*"]
    )
    assert "Traceback" not in result.stderr.str()


def test_missing_attribute(backends: pytest.Pytester) -> None:
    result = backends.runpytest("--backend=tiny:Nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*module 'tiny' has no attribute 'Nope'*"])


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("tiny:INSTANCE", "*an instance of InMemoryStore*pass its class or a factory*"),
        ("tiny:not_a_store", "*the factory returned a int object*neither a store nor a cache*"),
        ("tiny:NeedsArgs", "*NeedsArgs() needs arguments (url)*"),
        ("tiny:NUMBER", "*is a int object; expected an Adapter*"),
    ],
)
def test_wrong_kind_of_object_says_what_was_expected(
    backends: pytest.Pytester, target: str, message: str
) -> None:
    result = backends.runpytest(f"--backend={target}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "Traceback" not in result.stderr.str()


def test_zero_code_class_is_wrapped_with_default_domains(backends: pytest.Pytester) -> None:
    report = backends.path / "r.json"
    result = backends.runpytest(
        "--backend=langchain_core.stores:InMemoryStore",
        "--clause=store.mset",
        f"--conformance-report={report}",
    )
    assert result.ret == 0
    data = report_at(report)
    (info,) = data.backends
    assert info.kind == "store"
    assert info.domains["values"] == "bytes"
    assert "langchain-core" in info.packages
    assert data.outcomes_of("langchain_core.stores:InMemoryStore")["store.mset.visible"] == "pass"


def test_zero_code_cache_detects_maxsize(backends: pytest.Pytester) -> None:
    report = backends.path / "r.json"
    backends.runpytest(
        "--backend=storespec.reference:InMemoryCache",
        "-k",
        "maxsize",
        f"--conformance-report={report}",
    )
    (info,) = report_at(report).backends
    assert info.capabilities == ["fifo", "maxsize"]  # FIFO: the policy of a bounded cache


def test_zero_argument_factory(backends: pytest.Pytester) -> None:
    result = backends.runpytest("--backend=tiny:store_factory", "-k", "mdelete")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["tiny:store_factory", "*store.mdelete.exact*pass*"])


def test_several_backends_parametrize_the_suite(backends: pytest.Pytester) -> None:
    report = backends.path / "r.json"
    result = backends.runpytest(
        "--backend=tiny:GOOD_STORE",
        "--backend=tiny:GLOB",
        "--backend=tiny:GOOD_CACHE",
        "-k",
        "prefix or lookup",
        f"--conformance-report={report}",
    )
    assert result.ret == 1
    data = report_at(report)
    assert [b.name for b in data.backends] == ["good-store", "glob-store", "good-cache"]
    assert data.outcomes_of("good-store")["store.keys.prefix-literal"] == "pass"
    assert data.outcomes_of("glob-store")["store.keys.prefix-literal"] == "fail"
    assert data.outcomes_of("good-cache")["cache.lookup.miss"] == "pass"
    assert "store.mget.order" not in data.outcomes_of("good-cache")


def test_the_same_backend_twice_is_a_usage_error(backends: pytest.Pytester) -> None:
    result = backends.runpytest("--backend=tiny:GOOD_STORE", "--backend=tiny:PAIR")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*'good-store' is named twice*"])


def test_report_path_must_be_json_or_markdown(backends: pytest.Pytester) -> None:
    result = backends.runpytest("--backend=tiny:GOOD_STORE", "--conformance-report=out.txt")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*must end in .json or .md*"])


def test_explicit_paths_run_only_those(backends: pytest.Pytester) -> None:
    backends.makepyfile(test_mine="def test_mine():\n    assert True\n")
    result = backends.runpytest("--backend=tiny:GOOD_STORE", "test_mine.py", "-q")
    result.assert_outcomes(passed=1)


def test_host_conftest_files_do_not_break_the_run(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("import pytest\n")
    pytester.mkpydir("sub").joinpath("conftest.py").write_text("X = 1\n")
    result = pytester.runpytest("--backend=reference-store", "-k", "mget_of_no_keys")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*store.mget.empty*pass*"])


def test_host_tests_with_an_adapter_parameter_are_left_alone(backends: pytest.Pytester) -> None:
    backends.makepyfile(
        test_params="""
import pytest
import tiny

@pytest.mark.parametrize("adapter", [tiny.GOOD_STORE])
def test_mine(adapter):
    assert adapter.kind == "store"
"""
    )
    result = backends.runpytest("--backend=tiny:GOOD_CACHE", "test_params.py", "-q")
    result.assert_outcomes(passed=1)


def test_a_bare_class_records_the_libraries_it_is_built_on() -> None:
    (adapter,) = resolve("storespec.catalogue.eviction:LeastRecentlyUsedCache")
    assert {"storespec", "langchain-core"} <= set(adapter.packages)
