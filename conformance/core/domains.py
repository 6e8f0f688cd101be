"""Key and value domains: what a backend declares it can hold.

A domain is a predicate (the truth), a hypothesis strategy that draws from it,
and a few fixed examples. Clauses about keys and values hold *within* the
declared domain; a domain narrower than the spec's is a portability limit that
the compatibility matrix shows, never a way to hide a deviation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from hypothesis import strategies as st
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, Generation

T = TypeVar("T")

NO_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
"""Lone surrogates are not Unicode scalar values: no backend can encode them."""


@dataclass(frozen=True)
class Domain(Generic[T]):
    """A set of values, as a predicate with a strategy and examples inside it."""

    description: str
    contains: Callable[[Any], bool]
    strategy: Callable[[], st.SearchStrategy[T]]
    examples: tuple[T, ...] = ()
    narrower: tuple[str, ...] = field(default=())
    """How this domain is narrower than the spec's, one phrase each; empty if it is not."""
    max_bytes: int | None = None
    """The largest item the backend holds, in bytes (a ``str`` counts its UTF-8 bytes);
    a larger ``bytes`` or ``str`` lies outside the domain and must be rejected. None: no
    declared limit, so every size must be held whole."""

    def __post_init__(self) -> None:
        if self.max_bytes is not None:
            if self.max_bytes < 0:
                msg = f"domain {self.description!r}: max_bytes must be >= 0, not {self.max_bytes}"
                raise ValueError(msg)
            object.__setattr__(self, "contains", _bounded(self.contains, self.max_bytes))
        outside = [e for e in self.examples if not self.contains(e)]
        if outside:
            msg = f"domain {self.description!r}: examples outside it: {outside[:3]!r}"
            raise ValueError(msg)

    def within(self, candidates: Sequence[T]) -> list[T]:
        """The candidates this domain holds, in order."""
        return [c for c in candidates if self.contains(c)]


def size_of(value: Any) -> int | None:
    """The size a byte limit applies to: the length of bytes, the UTF-8 length of a str
    (its surrogates escaped); None for any other value."""
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass"))
    return None


def _bounded(contains: Callable[[Any], bool], max_bytes: int) -> Callable[[Any], bool]:
    def bounded(value: Any) -> bool:
        size = size_of(value)
        return (size is None or size <= max_bytes) and contains(value)

    return bounded


def limited(domain: Domain[T], max_bytes: int) -> Domain[T]:
    """``domain`` without its items of more than ``max_bytes`` bytes."""
    if domain.max_bytes is not None and domain.max_bytes <= max_bytes:
        return domain
    phrase = f"at most {max_bytes:,} bytes"
    examples = tuple(e for e in domain.examples if (size_of(e) or 0) <= max_bytes)
    fits = _bounded(lambda _: True, max_bytes)
    return Domain(
        f"{domain.description}, {phrase}",
        domain.contains,
        lambda: domain.strategy().filter(fits),
        examples,
        (*domain.narrower, phrase),
        max_bytes,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_scalar_text(value: str) -> bool:
    return value.isascii() or _SURROGATE.search(value) is None


def text(
    *,
    min_size: int = 0,
    max_size: int | None = None,
    exclude: str = "",
    alphabet: str | None = None,
    max_draw: int = 40,
    examples: Sequence[str] = (),
    description: str | None = None,
) -> Domain[str]:
    """Strings of Unicode scalar values, optionally bounded in length or alphabet.

    ``exclude`` lists characters the backend cannot hold (e.g. NUL);
    ``alphabet`` restricts to exactly these characters; ``max_draw`` caps
    the length of drawn strings, not of the domain.
    """
    allowed = frozenset(alphabet) if alphabet is not None else None
    banned = frozenset(exclude)

    def contains(value: Any) -> bool:
        if not isinstance(value, str) or not _is_scalar_text(value):
            return False
        if len(value) < min_size or (max_size is not None and len(value) > max_size):
            return False
        if allowed is not None and not allowed.issuperset(value):
            return False
        return banned.isdisjoint(value)

    def strategy() -> st.SearchStrategy[str]:
        chars: st.SearchStrategy[str]
        if alphabet is not None:
            chars = st.sampled_from(sorted(allowed or {"a"}))
        else:
            chars = st.characters(exclude_categories=NO_SURROGATES, exclude_characters=exclude)
        top = max_draw if max_size is None else min(max_size, max_draw)
        return st.text(chars, min_size=min_size, max_size=max(top, min_size))

    narrower: list[str] = []
    if min_size > 0:
        narrower.append(f"at least {min_size} characters")
    if max_size is not None:
        narrower.append(f"at most {max_size} characters")
    if exclude:
        narrower.append(f"excludes {exclude!r}")
    if alphabet is not None:
        shown = alphabet if len(alphabet) <= 40 else alphabet[:37] + "..."
        narrower.append(f"alphabet {shown!r}")
    desc = description or ("any string" if not narrower else "strings: " + ", ".join(narrower))
    return Domain(desc, contains, strategy, tuple(e for e in examples), tuple(narrower))


FULL_TEXT: Domain[str] = text(
    examples=("", "a", "A", " a ", "ключ", "\u00e9", "e\u0301", "a/b:c", "line\nbreak", "x" * 1000),
    description="any string of Unicode scalar values",
)
"""The spec's key, prompt and llm_string domain."""


def _bytes_strategy() -> st.SearchStrategy[bytes]:
    return st.binary(max_size=64)


BYTES: Domain[bytes] = Domain(
    "bytes",
    lambda v: isinstance(v, bytes),
    _bytes_strategy,
    (b"", b"\x00", b"value", bytes(range(256))),
)
"""Byte strings, the value domain of a ``ByteStore``."""


def _json_strategy() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.booleans(),
        st.integers(min_value=-(2**53), max_value=2**53),
        st.text(st.characters(exclude_categories=NO_SURROGATES), max_size=20),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.text(max_size=8), inner, max_size=4),
        ),
        max_leaves=8,
    )


def _is_json(value: Any) -> bool:
    if isinstance(value, bool | int | str):
        return True
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return False


JSON: Domain[Any] = Domain(
    "JSON-like values: bool, int, str, list and dict of them (no None, no float)",
    _is_json,
    _json_strategy,
    (0, "", False, [], {}, "text", 42, [1, "two", {"three": 3}], {"k": ["v"]}),
    ("JSON-like values only",),
)
"""Values a serialising store can hold: no None, no floats (NaN breaks equality)."""

ANY: Domain[Any] = Domain(
    "any Python value but None",
    lambda v: v is not None,
    lambda: st.one_of(_bytes_strategy(), _json_strategy()),
    (b"", 0, "", False, [], b"bytes", ("tuple", 1), {"key": "value"}, 3.5),
)
"""The value domain of a store that holds objects by reference."""


def _generation_info() -> st.SearchStrategy[dict[str, Any] | None]:
    return st.none() | st.dictionaries(
        st.text(max_size=8), st.one_of(st.integers(-1000, 1000), st.text(max_size=8)), max_size=3
    )


def _tool_call() -> st.SearchStrategy[dict[str, Any]]:
    names = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
    return st.fixed_dictionaries(
        {
            "name": names,
            "args": st.dictionaries(names, st.integers(-9, 9), max_size=2),
            "id": st.none() | st.text("abcdef0123456789-", min_size=1, max_size=12),
        }
    )


def _message(texts: st.SearchStrategy[str]) -> st.SearchStrategy[AIMessage]:
    """AI messages with and without the fields a message carries besides its text."""
    counts = st.integers(0, 1000)
    usage = st.builds(
        lambda i, o: {"input_tokens": i, "output_tokens": o, "total_tokens": i + o},
        counts,
        counts,
    )
    return st.builds(
        AIMessage,
        content=texts,
        id=st.none() | st.text("abcdef0123456789-", min_size=1, max_size=16),
        tool_calls=st.lists(_tool_call(), max_size=2),
        usage_metadata=st.none() | usage,
        response_metadata=st.dictionaries(st.sampled_from(["model_name", "finish_reason"]), texts),
    )


def _texts() -> st.SearchStrategy[str]:
    return st.text(st.characters(exclude_categories=NO_SURROGATES), max_size=30)


def plain_generations() -> st.SearchStrategy[Generation]:
    """Plain generations: any text, with or without a generation_info."""
    return st.builds(Generation, text=_texts(), generation_info=_generation_info())


def chat_generations() -> st.SearchStrategy[ChatGeneration]:
    """Chat generations whose messages carry ids, tool calls, metadata and usage, or not."""
    return st.builds(ChatGeneration, message=_message(_texts()), generation_info=_generation_info())


def _generation() -> st.SearchStrategy[Generation]:
    return plain_generations() | chat_generations()


def _is_generations(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(g, Generation) for g in value)


GENERATIONS: Domain[list[Generation]] = Domain(
    "lists of Generation and ChatGeneration",
    _is_generations,
    lambda: st.lists(_generation(), min_size=1, max_size=4),
    (
        [Generation(text="Paris")],
        [Generation(text="", generation_info={"finish_reason": "stop"})],
        [ChatGeneration(message=AIMessage(content="hi"))],
        [Generation(text="one"), Generation(text="two"), Generation(text="three")],
    ),
)
"""The spec's cache value domain."""


def normalisation_variants(value: str) -> list[str]:
    """The distinct Unicode normal forms of ``value`` (at least ``value`` itself)."""
    forms = [value] + [unicodedata.normalize(f, value) for f in ("NFC", "NFD", "NFKC", "NFKD")]
    return list(dict.fromkeys(forms))


def distinct_samples(domain: Domain[T], count: int) -> list[T]:
    """``count`` distinct, truthy examples of the domain, in declaration order."""
    found: list[T] = []
    for example in domain.examples:
        if example and all(example != other for other in found):
            found.append(example)
    if len(found) < count:
        msg = (
            f"domain {domain.description!r} declares {len(found)} distinct truthy examples; "
            f"the suite needs {count}"
        )
        raise ValueError(msg)
    return found[:count]
