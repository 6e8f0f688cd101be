"""The pytest plugin: ``pytest --backend=NAME`` runs every clause against a backend.

Without ``--backend`` the plugin only registers its marker and fixtures, and
leaves the host project's tests alone.
"""

from __future__ import annotations

import random
from collections.abc import Generator
from pathlib import Path

import pytest

pytest.register_assert_rewrite("storespec.conformance.checks", "storespec.conformance.stateful")

from storespec.conformance import clauses, profiles
from storespec.conformance.adapter import Adapter
from storespec.conformance.examples import SpecDocument, is_spec_document, spec_dir
from storespec.conformance.marks import MARKER, cited
from storespec.conformance.resolve import BackendError, resolve
from storespec.conformance.run import RUN_KEY, ConformanceRun, suite_dir

pytest_plugins = ["storespec.conformance.fixtures"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("storespec", "storespec conformance")
    group.addoption(
        "--backend",
        action="append",
        default=[],
        metavar="NAME",
        help="run the conformance suite against this backend: a registered name "
        "(see 'storespec backends') or module:attribute; repeat for several",
    )
    group.addoption(
        "--conformance-report",
        action="append",
        default=[],
        metavar="PATH",
        help="write the per-clause report to PATH (.json or .md); repeatable",
    )
    group.addoption(
        "--conformance-strict",
        action="store_true",
        help="SHOULD and implementation-defined clauses fail the run like MUST clauses",
    )
    group.addoption(
        "--conformance-pin",
        metavar="VERSION",
        default=None,
        help="clauses introduced after this storespec version only warn",
    )
    group.addoption(
        "--conformance-timeout",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="cut off each test phase against a backend after this long, and treat the "
        "backend as hung for the rest of the run (0: no limit; default 300)",
    )
    group.addoption(
        "--conformance-profile",
        choices=sorted(profiles.PROFILES),
        default=None,
        help="hypothesis budget for the property and model-based tests (default: default)",
    )


def _run(config: pytest.Config) -> ConformanceRun | None:
    return config.stash.get(RUN_KEY, None)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(*ids): the spec clauses this conformance test verifies"
    )
    adapters = _resolve_all(config.getoption("backend"))
    try:
        clauses.index()
    except clauses.SpecError as exc:
        raise pytest.UsageError(f"the installed spec is malformed: {exc}") from None
    for path in config.getoption("conformance_report"):
        if Path(path).suffix not in (".json", ".md"):
            raise pytest.UsageError(f"--conformance-report must end in .json or .md: {path}")
    run = ConformanceRun(
        adapters=adapters,
        timeout=config.getoption("conformance_timeout"),
        selected=bool(adapters),
        strict=config.getoption("conformance_strict"),
        pin=config.getoption("conformance_pin"),
        reports=[Path(p) for p in config.getoption("conformance_report")],
        replay_args=[f"--backend={name}" for name in config.getoption("backend")],
    )
    config.stash[RUN_KEY] = run
    config.pluginmanager.register(run, "storespec-run")
    if adapters or config.getoption("conformance_profile"):
        profiles.activate(
            config.getoption("conformance_profile"),
            config.getoption("hypothesis_profile", default=None),
        )
    if adapters and config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args = [str(suite_dir()), str(spec_dir())]


def _resolve_all(names: list[str]) -> list[Adapter]:
    adapters: list[Adapter] = []
    for name in names:
        try:
            adapters.extend(resolve(name))
        except BackendError as exc:
            raise pytest.UsageError(str(exc)) from None
    seen: set[str] = set()
    for adapter in adapters:
        if adapter.name in seen:
            raise pytest.UsageError(f"backend {adapter.name!r} is named twice")
        seen.add(adapter.name)
    return adapters


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    run = _run(parent.config)
    if run is None or not run.selected or file_path.suffix != ".md":
        return None
    if not is_spec_document(file_path):
        return None
    document = SpecDocument.from_parent(parent, path=file_path)
    document.adapters = run.adapters
    return document


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    run = _run(metafunc.config)
    if run is None or not run.selected or "adapter" not in metafunc.fixturenames:
        return
    if getattr(metafunc.cls, "storespec_subclass", False):
        return
    ids = cited(metafunc.definition)
    kinds = {i.split(".", 1)[0] for i in ids}
    matching = [a for a in run.adapters if a.kind in kinds]
    if matching:
        metafunc.parametrize("adapter", matching, ids=[a.name for a in matching])


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    run = _run(config)
    if run is None:
        return
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        adapter = run.adapter_of(item)
        if adapter is None:
            if run.selected and run.is_suite_item(item):
                dropped.append(item)
            else:
                keep.append(item)
            continue
        ids = cited(item)
        unknown = [i for i in ids if i not in clauses.index()]
        if not ids and not run.is_suite_item(item) and not run.is_subclass_item(item):
            keep.append(item)  # a host test that merely takes an adapter parameter
            continue
        if not ids:
            raise pytest.UsageError(f"{item.nodeid} cites no clause")
        if unknown:
            raise pytest.UsageError(f"{item.nodeid} cites unknown clauses {unknown}")
        run.annotate(item, adapter, ids)
        keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    if not config.getoption("backend"):
        return
    if config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = random.randrange(2**32)
    try:
        scope_is_set = bool(config.getini("asyncio_default_fixture_loop_scope"))
    except ValueError:
        scope_is_set = True
    if not scope_is_set:
        # The suite's async fixtures are function-scoped; saying so silences
        # pytest-asyncio's warning in host projects that leave it unset.
        cache = getattr(config, "_inicache", None)
        if isinstance(cache, dict):
            cache["asyncio_default_fixture_loop_scope"] = "function"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    run = _run(item.config)
    if run is not None:
        run.classify(item, report, call)
    return report
