"""The pytest plugin: ``pytest --backend=NAME`` runs every clause against a backend.

Without ``--backend`` the plugin only registers its marker and fixtures, and
leaves the host project's tests alone.
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Generator
from pathlib import Path

import pytest

pytest.register_assert_rewrite(
    "storespec.conformance.suite.checks", "storespec.conformance.suite.stateful"
)

from storespec.conformance.core import clauses
from storespec.conformance.core.adapter import APIS, Adapter
from storespec.conformance.core.resolve import BackendError, resolve
from storespec.conformance.plugin.examples import SpecDocument, is_spec_document, spec_dir
from storespec.conformance.plugin.marks import MARKER, cited
from storespec.conformance.plugin.run import RUN_KEY, ConformanceRun, suite_dir
from storespec.conformance.suite import profiles

pytest_plugins = [
    "storespec.conformance.plugin.fixtures",
    "storespec.conformance.plugin.loopscope",
]


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
        "--clause",
        action="append",
        default=[],
        metavar="ID",
        help="run only the tests (spec examples included) of this clause, or of every clause "
        "under an ID prefix such as store.keys; repeatable",
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
    given = _resolve_all(config.getoption("backend"))
    adapters = [a for a, _ in given]
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
        profile=config.getoption("conformance_profile"),
        given={a.name: spec for a, spec in given},
        clause_filter=_clause_filter(config.getoption("clause")),
    )
    config.stash[RUN_KEY] = run
    config.pluginmanager.register(run, "storespec-run")
    config.pluginmanager.register(run.guard, "storespec-guard")
    if adapters or config.getoption("conformance_profile"):
        profiles.activate(
            config.getoption("conformance_profile"),
            config.getoption("hypothesis_profile", default=None),
        )
    if adapters and config.getoption("tbstyle", "auto") == "auto":
        # A failing clause shows the check that failed and the backend's frames; -v or
        # --tb=long gives the whole traceback.
        config.option.tbstyle = "long" if config.getoption("verbose", 0) > 0 else "short"
    if adapters and config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args = [str(suite_dir()), str(spec_dir())]


def _resolve_all(names: list[str]) -> list[tuple[Adapter, str]]:
    """Each backend named, with the ``--backend`` argument that named it."""
    adapters: list[tuple[Adapter, str]] = []
    seen: set[str] = set()
    for name in names:
        try:
            found = resolve(name)
        except BackendError as exc:
            raise pytest.UsageError(str(exc)) from None
        for adapter in found:
            if adapter.name in seen:
                raise pytest.UsageError(f"backend {adapter.name!r} is named twice")
            seen.add(adapter.name)
            adapters.append((adapter, name))
    return adapters


def _clause_filter(values: list[str]) -> tuple[str, ...]:
    """The ``--clause`` values, each checked to name a clause or a family of clauses."""
    known = list(clauses.index())
    for value in values:
        if not any(i == value or i.startswith(value + ".") for i in known):
            close = difflib.get_close_matches(value, known, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise pytest.UsageError(f"--clause={value} names no clause{hint}")
    return tuple(values)


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
    if run is None or "adapter" not in metafunc.fixturenames:
        return
    if getattr(metafunc.cls, "storespec_subclass", False):
        if "api" in metafunc.fixturenames and cited(metafunc.definition):
            backend = getattr(metafunc.cls, "backend", None)
            offered = backend.apis if isinstance(backend, Adapter) else APIS
            apis = [api for api in APIS if api in offered]
            metafunc.parametrize("api", apis, ids=apis)
        return
    if not run.selected:
        return
    ids = cited(metafunc.definition)
    kinds = {i.split(".", 1)[0] for i in ids}
    matching = [a for a in run.adapters if a.kind in kinds]
    if not matching:
        return
    if "api" in metafunc.fixturenames:
        combos = [(a, api) for a in matching for api in APIS if api in a.apis]
        metafunc.parametrize(
            ("adapter", "api"), combos, ids=[f"{a.name}-{api}" for a, api in combos]
        )
    else:
        metafunc.parametrize("adapter", matching, ids=[a.name for a in matching])


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Attach backends and clauses to the suite's tests and count them before any
    deselection (``-k`` deselects after this hook), then apply ``--clause``."""
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
        (keep if run.chosen(ids) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    if not config.getoption("backend"):
        return
    if config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = random.randrange(2**32)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    run = _run(item.config)
    if run is not None:
        run.classify(item, report, call)
    return report
