"""Assertions shared by the conformance tests, each stating what it found on failure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from langchain_core.outputs import ChatGeneration, Generation


def answers(result: Any, requested: Sequence[str], where: str = "mget") -> list[Any]:
    """``result`` checked to be a list with one entry per requested key."""
    assert isinstance(result, list), f"{where} returned {type(result).__name__}, not a list"
    assert len(result) == len(requested), (
        f"{where} of {len(requested)} keys returned {len(result)} entries"
    )
    return result


def short(value: Any, limit: int = 60) -> str:
    """A repr cut to ``limit`` characters, for messages about long keys."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_generations(value: Any) -> str:
    """A compact description of a lookup result: types and texts."""
    if value is None:
        return "None"
    try:
        return "[" + ", ".join(f"{type(g).__name__}({short(g.text, 30)})" for g in value) + "]"
    except Exception:
        return short(value)


def differing_fields(got: Any, expected: Any) -> list[str]:
    """The names of the model fields in which ``got`` differs from ``expected``."""
    fields = getattr(type(expected), "model_fields", {})
    return [name for name in fields if getattr(got, name, None) != getattr(expected, name, None)]


def difference(found: Any, stored: Sequence[Generation]) -> str:
    """The first thing that tells a lookup result from the generations stored, in words."""
    if found is None:
        return "a miss"
    if not isinstance(found, list):
        return f"a {type(found).__name__}, not a list"
    if len(found) != len(stored):
        return f"{len(found)} generations, not {len(stored)}"
    for i, (got, expected) in enumerate(zip(found, stored, strict=True)):
        if not isinstance(got, type(expected)):
            return f"generation {i} is a {type(got).__name__}, not a {type(expected).__name__}"
        fields = differing_fields(got, expected)
        if (
            "message" in fields
            and isinstance(got, ChatGeneration)
            and isinstance(expected, ChatGeneration)
        ):
            lost = differing_fields(got.message, expected.message)
            return f"generation {i} has a different message: {', '.join(lost)} differ"
        if fields:
            name = fields[0]
            return (
                f"generation {i} has {name} {short(getattr(got, name))}, "
                f"not {short(getattr(expected, name))}"
            )
    return "no difference"


def same_generations(found: Any, stored: Iterable[Generation]) -> bool:
    """A list of the same length and order, each generation an instance of the stored
    generation's type and equal to it.

    Only a ``list`` is a hit: LangChain's models test ``isinstance(hit, list)`` and
    treat any other sequence as a miss.
    """
    expected = list(stored)
    return (
        isinstance(found, list)
        and len(found) == len(expected)
        and all(isinstance(g, type(e)) and g == e for g, e in zip(found, expected, strict=True))
    )


def hit(found: Any, what: str = "lookup") -> list[Any]:
    """``found`` checked to be a hit: a list, which is all LangChain's models accept."""
    assert found is not None, f"{what} missed an entry that was stored"
    assert isinstance(found, list), (
        f"{what} returned a {type(found).__name__}, not a list: LangChain's models "
        "treat that as a miss"
    )
    return found


def assert_hit(found: Any, stored: Sequence[Generation], what: str = "lookup") -> None:
    """``found`` is a hit holding exactly ``stored``."""
    hit(found, what)
    assert same_generations(found, stored), (
        f"{what} returned {describe_generations(found)}: {difference(found, stored)}"
    )
