"""langchain-community's modules, imported without the package's sunset notice.

Importing ``langchain_community`` warns that the package is being sunset: a
DeprecationWarning about the package, not about the behaviour under test, which would
otherwise fill every run's output.
"""

from __future__ import annotations

import importlib
import warnings
from types import ModuleType


def community(module: str) -> ModuleType:
    """The module ``langchain_community.<module>``."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="`langchain-community` is being sunset", category=DeprecationWarning
        )
        return importlib.import_module(f"langchain_community.{module}")
