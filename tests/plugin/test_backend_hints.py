"""A --backend value that almost names a backend gets a hint towards the one it means."""

from __future__ import annotations

import pytest

STORES = """
from storespec.conformance import Adapter
from storespec.reference import InMemoryStore


class MyStore(InMemoryStore):
    pass


BACKEND = Adapter(name="my-backend", kind="store", factory=lambda ns, **o: MyStore())
"""


@pytest.fixture
def package(pytester: pytest.Pytester) -> pytest.Pytester:
    """A package ``mybackends`` whose ``__init__`` does not import its ``stores`` module."""
    pytester.mkpydir("mybackends").joinpath("stores.py").write_text(STORES, encoding="utf-8")
    pytester.syspathinsert()
    return pytester


def usage_error(pytester: pytest.Pytester, backend: str) -> str:
    result = pytester.runpytest(f"--backend={backend}", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    err = result.stderr.str()
    assert "Traceback" not in err + result.stdout.str()
    return err


@pytest.mark.parametrize("backend", ["mybackends:stores.MyStore", "mybackends:stores.BACKEND"])
def test_a_submodule_the_package_does_not_import_is_imported(
    package: pytest.Pytester, backend: str
) -> None:
    result = package.runpytest(f"--backend={backend}", "-k", "mget", "-p", "no:cacheprovider")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*store.mget.order*MUST*pass*"])


def test_a_module_path_is_told_to_name_an_attribute_first(package: pytest.Pytester) -> None:
    err = usage_error(package, "mybackends.stores")
    message = err[err.index("unknown backend") :]
    assert message.startswith(
        "unknown backend 'mybackends.stores': name a class or factory as module:attribute, "
        "e.g. --backend=mybackends.stores:MyStore (it holds MyStore, BACKEND)"
    )


def test_a_module_named_through_the_colon_form_gets_the_same_hint(
    package: pytest.Pytester,
) -> None:
    err = usage_error(package, "mybackends:stores")
    assert "names the module mybackends.stores: name a class or factory as module:attribute" in err
    assert "--backend=mybackends.stores:MyStore" in err


def test_an_unknown_module_path_gets_a_few_close_names_never_the_whole_list(
    pytester: pytest.Pytester,
) -> None:
    err = usage_error(pytester, "reference.stor")
    assert "name a class or factory as module:attribute" in err
    assert "no module 'reference.stor' is importable" in err
    close = err.split("Close registered names: ", 1)[1].splitlines()[0].split(", ")
    assert "reference-store" in close
    assert 1 <= len(close) <= 3
    assert "Available:" not in err
    assert "langchain-core" not in err


def test_a_module_that_fails_to_import_says_why(pytester: pytest.Pytester) -> None:
    pytester.mkpydir("brokenpkg").joinpath("stores.py").write_text(
        "import not_a_real_module_xyz\n", encoding="utf-8"
    )
    pytester.syspathinsert()
    err = usage_error(pytester, "brokenpkg.stores")
    assert "importing 'brokenpkg.stores' failed: ModuleNotFoundError" in err


def test_a_misspelt_attribute_gets_the_close_ones(package: pytest.Pytester) -> None:
    err = usage_error(package, "mybackends:stores.MyStor")
    assert "module 'mybackends.stores' has no attribute 'MyStor'. Close: MyStore" in err
