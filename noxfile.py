"""Project automation. Every session installs storespec from the built wheel, never from
the source tree, so a packaging mistake cannot hide."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
WHEELHOUSE = ROOT / ".nox" / "_wheel"
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


def wheel(session: nox.Session) -> Path:
    """Build the wheel once per nox invocation and return its path."""
    if not getattr(wheel, "built", None):
        shutil.rmtree(WHEELHOUSE, ignore_errors=True)
        # run_install: the wheel is part of installing, so --install-only builds it too.
        session.run_install(
            "python",
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--wheel-dir",
            str(WHEELHOUSE),
            str(ROOT),
            silent=True,
        )
        wheel.built = True  # type: ignore[attr-defined]
    (found,) = WHEELHOUSE.glob("storespec-*.whl")
    return found


def install(session: nox.Session, extras: str = "") -> None:
    """Install the built wheel with ``extras`` (comma-separated) into the session."""
    built = wheel(session)
    target = f"storespec[{extras}] @ {built.as_uri()}" if extras else str(built)
    session.install("--force-reinstall", "--no-deps", str(built))
    session.install(target)


def ensure_memcached(session: nox.Session) -> None:
    """Install memcached from Debian's packages when it is missing and we may: the memcached
    adapter's tests start a server of their own on a port the suite owns."""
    if shutil.which("memcached") or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "memcached", external=True)


def ensure_chromium(session: nox.Session) -> None:
    """Install Debian's chromium and its chromedriver when they are missing and we may: the
    site's tests open the built site in a real browser."""
    present = all(Path(p).exists() for p in ("/usr/bin/chromium", "/usr/bin/chromedriver"))
    if present or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    session.run("apt-get", "update", "-qq", external=True)
    session.run("apt-get", "install", "-y", "-qq", "chromium", "chromium-driver", external=True)


def _project_tests(session: nox.Session, *options: str) -> None:
    ensure_memcached(session)
    ensure_chromium(session)
    install(session, "dev,all")
    session.run(
        "python",
        "-m",
        "pytest",
        *options,
        "-p",
        "no:cacheprovider",
        # Two workers, each test file on one of them: most tests wait on pytest
        # subprocesses and servers, and a file's tests share its servers one at a time.
        # (Running the catalogue's runs beside other tests, rather than on both workers at
        # once, made CI slower: the machine is busy either way, and the time-bounded
        # concurrency tests only spend the time they are given.)
        "-n",
        "2",
        "--dist",
        "loadfile",
        # The slowest tests, in every run's output: where the time budget goes.
        "--durations=30",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The project's own tests, as CI runs them."""
    _project_tests(session)


@nox.session(python=PYTHON)
def coverage(session: nox.Session) -> None:
    """The project's own tests with branch coverage of the installed package. Apart from
    ``tests``: tracing nearly triples the time of the tests that run LangChain in-process."""
    _project_tests(session, "--cov=storespec", "--cov-report=term-missing:skip-covered")


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """The conformance suite against the embedded reference backend."""
    install(session)
    session.run("pytest", "--backend=reference", *session.posargs)


@nox.session(python=PYTHON)
def catalogue(session: nox.Session) -> None:
    """Run the suite against the catalogue and regenerate its scorecard in docs/catalogue.md."""
    install(session)
    session.run("python", "-m", "storespec.catalogue.scorecard", "--write", "docs/catalogue.md")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the installed package."""
    install(session, "dev,all")
    packages = [
        "storespec.reference",
        "storespec.conformance",
        "storespec.adapters",
        "storespec.catalogue",
    ]
    session.run("mypy", "--strict", *(f"-p={p}" for p in packages), *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """The reference implementation against langchain_core and raw baselines."""
    install(session)
    session.run("python", "benchmarks/bench_reference.py", *session.posargs)


FAMILIES = {
    "langchain-core": "",
    "langchain-classic": "classic",
    "community-memory": "community",
    "community-sql": "sql",
    "community-redis": "redis,memcached",
    "community-gptcache": "gptcache",
    "langchain-redis": "redis",
    "langchain-mongodb": "mongodb",
}
"""Adapter family -> the extras its backends need."""


def _family_session(family: str, extras: str) -> None:
    def run(session: nox.Session) -> None:
        if "memcached" in extras:
            ensure_memcached(session)
        install(session, ",".join(filter(None, ["dev", extras])))
        module = family.replace("-", "_")
        session.run("python", "-m", "pytest", f"tests/adapters/test_{module}.py", *session.posargs)

    run.__doc__ = f"The conformance suite against the {family} adapters, on real servers."
    nox.session(python=PYTHON, name=f"adapters-{family}")(run)


for _family, _extras in FAMILIES.items():
    _family_session(_family, _extras)


@nox.session(python=PYTHON)
def matrix(session: nox.Session) -> None:
    """Run every adapter family, keep its JSON report in docs/reports/ and regenerate
    docs/compatibility.md from the reports."""
    ensure_memcached(session)
    install(session, "dev,all")
    session.run(
        "python",
        "-m",
        "storespec.adapters.matrix",
        "--out",
        "docs/compatibility.md",
        "--reports",
        "docs/reports",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def scenarios(session: nox.Session) -> None:
    """LangChain's own callers against every adapter family: docs/reports/scenarios.json."""
    ensure_memcached(session)
    install(session, "dev,all")
    out = "docs/reports/scenarios.json"
    session.run(
        "python", "-m", "storespec.adapters.scenarios", "--matrix", "--out", out, *session.posargs
    )


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """The static compatibility site from docs/reports/*.json, written to site/."""
    install(session, "site")
    session.run(
        "python",
        "-m",
        "storespec.adapters.site",
        "--reports",
        "docs/reports",
        "--scenarios",
        "docs/reports/scenarios.json",
        "--out",
        "site",
    )


MUTMUT_CONFIG = """
[tool.mutmut]
source_paths = ["src/storespec/reference"]
also_copy = ["src/storespec/conformance", "src/storespec/adapters", "src/storespec/spec"]
pytest_add_cli_args = ["-p", "no:cacheprovider"]
pytest_add_cli_args_test_selection = ["tests/reference/"]
"""
"""mutmut names mutants after import names, so it runs on a copy laid out as src/storespec."""


@nox.session(python=PYTHON)
def mutation(session: nox.Session) -> None:
    """Mutation testing of the reference implementation; fails if any mutant survives."""
    install(session, "dev")
    session.install("mutmut>=3.8")
    work = Path(session.create_tmp()) / "mutation"
    shutil.rmtree(work, ignore_errors=True)
    ignore = shutil.ignore_patterns(
        ".git", ".nox", "build", "mutants", "*.egg-info", "__pycache__", ".venv"
    )
    shutil.copytree(ROOT, work, ignore=ignore)
    for folder in ("reference", "conformance", "adapters", "spec"):
        shutil.copytree(ROOT / folder, work / "src" / "storespec" / folder, ignore=ignore)
    with (work / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write(MUTMUT_CONFIG)
    session.chdir(work)
    session.run("mutmut", "run")
    survivors = session.run("mutmut", "results", silent=True)
    if survivors and str(survivors).strip():
        session.error(f"surviving mutants:\n{survivors}")
