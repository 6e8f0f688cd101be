"""Realistic workloads: the sizes and shapes of data that real applications store.

Tidy probes (short ASCII keys, a 100,000-character prompt that repeats the alphabet)
slip under limits that real data meets: index row limits applied after compression,
values cut at a fixed size, listings that stop after a page, prefix ranges that end at
U+FFFF. The probes here are random and therefore incompressible, their sizes are not
round numbers, and they come in the shapes LangChain's callers produce: long shared
system prompts, JSON-shaped llm_strings, chat answers with image blocks, embeddings.

Every probe is built once per process for a (scale, seed) pair (:func:`workload`).
The quick and default profiles use a fixed seed, so a backend gets the same verdicts
on every run; the thorough profile draws from the run's hypothesis seed and is larger.
"""

from __future__ import annotations

import base64
import functools
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, Generation, GenerationChunk

from storespec.conformance.core.domains import Domain

FIXED_SEED: Final = 20_240_917
"""The seed of the derandomized profiles: the same probes on every run."""


@dataclass(frozen=True)
class Scale:
    """How large the probes of one profile are."""

    listing: int
    """Keys in a listing: above the 10,000 at which paged listings commonly stop."""
    batch: int
    """Keys in one mget, mset or mdelete call."""
    value_sizes: tuple[int, ...]
    """Sizes of the large values, in bytes: just over 1 MiB, a few MB, about 10 MB."""
    text_sizes: tuple[int, ...]
    """Lengths of the long keys, prompts and llm_strings, in characters."""
    maxsizes: tuple[int, ...]
    """Bounds of the bounded caches the eviction tests open."""
    clear: int
    """Entries in a cache that is cleared."""
    questions: int
    """Questions asked after one shared system prompt."""
    entries: int
    """Entries one cache takes, each looked up right after its update: above the 4,096
    rows at which a fixed-size table commonly fills."""


SCALES: Final[dict[str, Scale]] = {
    "quick": Scale(
        listing=4_001,
        batch=5_003,
        value_sizes=(1_048_583,),
        text_sizes=(10_007, 33_331),
        maxsizes=(1, 2, 3, 7, 100, 1_000),
        clear=1_009,
        questions=50,
        entries=1_009,
    ),
    "default": Scale(
        listing=12_007,
        batch=50_021,
        value_sizes=(1_048_583, 3_145_739, 10_485_767),
        text_sizes=(10_007, 33_331, 100_003),
        maxsizes=(1, 2, 3, 7, 100, 1_000, 10_000),
        clear=3_001,
        questions=200,
        entries=5_003,
    ),
    "thorough": Scale(
        listing=100_003,
        batch=100_003,
        value_sizes=(1_048_583, 3_145_739, 10_485_767),
        text_sizes=(10_007, 33_331, 100_003),
        maxsizes=(1, 2, 3, 7, 100, 1_000, 10_000),
        clear=20_011,
        questions=1_000,
        entries=20_011,
    ),
}
"""Profile name -> scale. The default scale is realistic: more than 10,000 keys in a
listing, 50,000 in a batch, values of several MB. The quick scale is a smoke test: its
listings are too short to catch a listing that stops after 10,000 keys."""

_ALPHABET: Final[str] = "".join(
    [
        *(chr(c) for c in range(0x21, 0x7F)),
        *(chr(c) for c in range(0xC0, 0x17F)),
        *(chr(c) for c in range(0x410, 0x450)),
        *(chr(c) for c in range(0x4E00, 0x4E80)),
        *(chr(c) for c in range(0x1F600, 0x1F640)),
        " ",
        "\n",
    ]
)
"""Characters of random text: ASCII, Latin, Cyrillic, CJK and emoji, about 8 bits each."""

IDENTITY_GROUPS: Final[dict[str, tuple[str, ...]]] = {
    "nfc-nfd": ("caf\u00e9", "cafe\u0301", "\u212b", "\u00c5", "A\u030a"),
    "nfkc": ("\ufb01le", "file", "x\u00b2", "x2", "\u2460", "1", "\u3392", "MHz"),
    "case-sharp-s": ("stra\u00dfe", "STRASSE", "strasse", "STRA\u1e9eE"),
    "case-dotted-i": ("\u0130stanbul", "istanbul", "Istanbul", "\u0131stanbul", "i\u0307stanbul"),
    "case-sigma": ("\u03a3\u03bf\u03c6\u03af\u03b1", "\u03c3\u03bf\u03c6\u03af\u03b1", "\u03c2"),
    "ligatures": ("\ufb00", "ff", "FF", "\ufb03", "ffi"),
    "fullwidth": ("\uff4b\uff45\uff59\uff11", "key1", "\uff2b\uff25\uff39\uff11", "KEY1"),
    "whitespace": ("a b", "a  b", "a\tb", "a\u00a0b", "a\u3000b", "a b ", " a b", "a\u2009b"),
    "ignorable": (
        "ab",
        "a\u200bb",
        "a\u200cb",
        "a\u200db",
        "a\u2060b",
        "a\ufeffb",
        "a\u00adb",
        "a\u034fb",
        "a\ufe0fb",
    ),
    "line-breaks": ("a\nb", "a\r\nb", "a\rb", "a\u2028b", "a\u2029b", "a\x85b", "a\x0bb", "a\x0cb"),
}
"""Groups of distinct strings that a normalising, case-folding, whitespace-collapsing or
ignorable-stripping comparison merges: store keys, prompts and llm_strings alike."""

PREFIXES: Final[tuple[str, ...]] = ("a", "\u00e9t\u00e9", "\u65e5\u672c", "\U0001f600", "\u0416")
"""Prefixes with non-ASCII and astral characters."""

AFTER_PREFIX: Final[tuple[str, ...]] = (
    "",
    "x",
    "\u00ff",
    "\ud7ff",
    "\ue000",
    "\uffef",
    "\ufffd",
    "\uffff",
    "\U00010000",
    "\U0001f600",
    "\U0010fffd",
    "\U0010ffff",
)
"""What follows a prefix in a matching key: below, at and above U+FFFF. A range scan
``[p, p + "\\uffff")`` misses the keys with a character from U+FFFF up after ``p``."""

METACHARACTER_PREFIXES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("a%", ("ab", "a", "a_", "abc%")),
    ("a_", ("ab", "a", "a%")),
    ("a\\", ("a", "ab", "a/")),
    ("a\\%", ("a%", "a\\b", "a")),
    ("a\\_", ("a_", "a\\b")),
    ("a*", ("ab", "a", "a.")),
    ("a?", ("ab", "a")),
    ("a[b]", ("ab", "a", "a[c]")),
    ("[", ("a", "]")),
    ("a.", ("ab", "a")),
    ("a.*", ("ab", "a.b", "a")),
    ("^a", ("a", "b^a")),
    ("a$", ("a", "ab")),
    ("a+", ("aa", "a")),
    ("a(b|c)", ("ab", "ac", "a")),
    ("a{2}", ("aa", "a")),
    ("\u00e9%", ("\u00e9", "\u00e9x", "e%")),
)
"""(prefix, keys a pattern reading of it matches but ``startswith`` does not): SQL LIKE
(``%``, ``_``, ``\\``), glob (``*``, ``?``, ``[``) and regex metacharacters. No decoy
extends another key as a path (``a`` beside ``a/b``): storing such a pair is the concern of
``store.key.domain``, not of these listings."""

_SEPARATORS: Final[tuple[str, ...]] = (":", "|", "\x00", "\n", " ", "::", ",", "/", "\t", "---")


def _separator_groups() -> list[tuple[tuple[str, str], ...]]:
    groups: list[tuple[tuple[str, str], ...]] = []
    for sep in _SEPARATORS:
        # prompt + sep + llm_string: ("x" + sep + "y", "z") and ("x", "y" + sep + "z")
        groups.append(
            (("x" + sep + "y", "z"), ("x", "y" + sep + "z"), ("x" + sep, "y" + sep + "z"))
        )
        # llm_string + sep + prompt: ("x", "y" + sep + "z") joins as "y" sep "z" sep "x"
        groups.append((("z" + sep + "x", "y"), ("x", "y" + sep + "z")))
    return groups


_LLM: Final = '{"model": "gpt-4o", "temperature": 0.7}'

NAIVE_KEY_GROUPS: Final[tuple[tuple[tuple[str, str], ...], ...]] = (
    *_separator_groups(),
    (("p  q", _LLM), ("p q", _LLM), ("p\tq", _LLM), ("p\u00a0q", _LLM), ("p q ", _LLM)),
    (("prompt", _LLM), ("\uff50\uff52\uff4f\uff4d\uff50\uff54", _LLM), ("PROMPT", _LLM)),
    (
        ("p", '{"model": "gpt-4o", "temperature": 0.7}'),
        ("p", '{"temperature": 0.7, "model": "gpt-4o"}'),
        ("p", '{"model":"gpt-4o","temperature":0.7}'),
        ("p", '{"model": "gpt-4o", "temperature": 0.70}'),
        ("p", '{"model": "gpt-4o",\n "temperature": 0.7}'),
        ("p", '{"model": "gpt-4o", "temperature": 7e-1}'),
    ),
    (
        ("p", "[('_type', 'openai-chat'), ('model_name', 'gpt-4o'), ('temperature', 0.7)]---"),
        ("p", "[('model_name', 'gpt-4o'), ('_type', 'openai-chat'), ('temperature', 0.7)]---"),
        ("p", "[('_type', 'openai-chat'), ('model_name', 'gpt-4o'), ('temperature', 0.7)]"),
    ),
)
"""Groups of distinct (prompt, llm_string) pairs that a cache key built a naive way merges:
a separator in either join order, collapsed whitespace, folded width or case, and
llm_strings parsed as JSON (or as LangChain's sorted parameter list) and re-serialised."""


def _text(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(_ALPHABET, k=length))


def _floats(rng: random.Random, count: int) -> list[float]:
    return [rng.uniform(-1.0, 1.0) for _ in range(count)]


def _metadata(rng: random.Random) -> dict[str, Any]:
    """Nested metadata with floats, non-ASCII text and CRLF line ends."""
    return {
        "model_name": "gpt-4o-2024-08-06",
        "finish_reason": "stop",
        "logprobs": {"content": [{"token": "Pa", "logprob": -0.000_123_4}, {"token": "ris"}]},
        "scores": [0.1 + 0.2, 1e-310, -0.0, 12_345.678_9, rng.random()],
        "note": "na\u00efve caf\u00e9 \u65e5\u672c\u8a9e \U0001f600\r\nsecond line\r\n",
        "nested": {"a": {"b": {"c": [1, 2.5, "\u0416", {"d": None}]}}},
        "empty": {},
    }


class Workload:
    """The probes of one run, each built on first use and kept for the process."""

    def __init__(self, scale: Scale, seed: int) -> None:
        self.scale = scale
        self.seed = seed

    def rng(self, purpose: str) -> random.Random:
        """A generator for one purpose: probes do not shift when another one changes."""
        return random.Random(f"{self.seed}:{purpose}")

    # -- text ---------------------------------------------------------------------

    @functools.cached_property
    def long_texts(self) -> tuple[str, ...]:
        """One incompressible text per size in the scale, sizes not round numbers."""
        return tuple(_text(self.rng(f"text{n}"), n) for n in self.scale.text_sizes)

    @functools.cached_property
    def twins(self) -> tuple[tuple[str, ...], ...]:
        """For each long text, four texts that differ only in their last character."""
        return tuple(
            tuple(text[:-1] + last for last in ("a", "b", "\u00e9", "\U0001f601"))
            for text in self.long_texts
        )

    @functools.cached_property
    def system_prompt(self) -> str:
        """A long system prompt that every question shares, about 20 KB."""
        return "System: " + _text(self.rng("system"), 20_011) + "\nUser: "

    @functools.cached_property
    def questions(self) -> tuple[str, ...]:
        """Prompts made of the shared system prompt and one short question each."""
        rng = self.rng("questions")
        return tuple(
            f"{self.system_prompt}question {i}: {_text(rng, rng.randint(5, 60))}?"
            for i in range(self.scale.questions)
        )

    @functools.cached_property
    def llm_strings(self) -> tuple[str, ...]:
        """Long JSON-shaped llm_strings with a random tool schema, differing at the end."""
        schema = _text(self.rng("schema"), 12_007).replace('"', "'")
        base = '{"model": "gpt-4o", "tools": [{"description": "' + schema + '"}], "seed": '
        return tuple(base + str(n) + "}" for n in (1, 2, 3))

    # -- keys ---------------------------------------------------------------------

    def listing_keys(self, count: int, prefix: str = "") -> list[str]:
        """``count`` distinct keys starting with ``prefix``, shaped like document ids."""
        rng = self.rng(f"listing{count}:{prefix}")
        tags = [f"{rng.getrandbits(32):08x}" for _ in range(97)]
        return [f"{prefix}doc/{tags[i % 97]}/{i}" for i in range(count)]

    def batch_keys(self, count: int) -> list[str]:
        """``count`` distinct keys in a random order, some non-ASCII."""
        keys = [f"b{i}" if i % 7 else f"b{i}\u00e9\u65e5" for i in range(count)]
        self.rng(f"batch{count}").shuffle(keys)
        return keys

    # -- values -------------------------------------------------------------------

    @functools.cached_property
    def large_values(self) -> tuple[bytes, ...]:
        """Incompressible byte strings of the scale's sizes."""
        return tuple(self.rng(f"value{n}").randbytes(n) for n in self.scale.value_sizes)

    @functools.cached_property
    def embedding(self) -> list[float]:
        """An embedding vector: 1,536 random floats that must read back exactly."""
        return _floats(self.rng("embedding"), 1_536)

    @functools.cached_property
    def document(self) -> dict[str, Any]:
        """A document with nested metadata, floats, non-ASCII text and CRLF."""
        rng = self.rng("document")
        return {
            "page_content": _text(rng, 5_003).replace("\n", "\r\n"),
            "metadata": _metadata(rng),
            "embedding": self.embedding,
        }

    # -- cache values -------------------------------------------------------------

    @functools.cached_property
    def image_answer(self) -> list[Generation]:
        """A chat answer whose content holds a text block and a ~1 MB base64 image."""
        rng = self.rng("image")
        image = base64.b64encode(rng.randbytes(786_437)).decode("ascii")
        message = AIMessage(
            content=[
                {"type": "text", "text": _text(rng, 2_003)},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64," + image}},
            ],
            id="run-\u00e9\u65e5-1",
            response_metadata=_metadata(rng),
            additional_kwargs={"refusal": None, "extra": {"k\u00e9y": [0.25, "\r\n"]}},
            usage_metadata={"input_tokens": 1_234, "output_tokens": 789, "total_tokens": 2_023},
        )
        return [ChatGeneration(message=message, generation_info=_metadata(rng))]

    @functools.cached_property
    def long_answer(self) -> list[Generation]:
        """A plain answer of about 2.5 MB of incompressible text, with nested generation_info."""
        rng = self.rng("long-answer")
        return [Generation(text=_text(rng, 1_048_583), generation_info=_metadata(rng))]

    @functools.cached_property
    def embedding_answer(self) -> list[Generation]:
        """Generations whose generation_info holds an embedding and nested metadata."""
        rng = self.rng("embedding-answer")
        info = {**_metadata(rng), "embedding": self.embedding}
        return [
            Generation(text="first \u00e9\r\n", generation_info=info),
            Generation(text="", generation_info={"empty": "", "zero": 0.0}),
            ChatGeneration(
                message=AIMessage(content="chat \U0001f600", response_metadata=_metadata(rng)),
                generation_info=info,
            ),
        ]

    @functools.cached_property
    def chunk_answer(self) -> list[Generation]:
        """Generations of LangChain's own subclasses: chunks, as streaming builds them."""
        rng = self.rng("chunks")
        return [
            GenerationChunk(text=_text(rng, 3_001), generation_info=_metadata(rng)),
            ChatGenerationChunk(
                message=AIMessageChunk(content=_text(rng, 1_009), id="run-chunk"),
                generation_info={"finish_reason": "stop"},
            ),
        ]


@functools.cache
def workload(scale: str, seed: int) -> Workload:
    """The probes for ``scale`` and ``seed``, built once per process."""
    if scale not in SCALES:
        known = ", ".join(sorted(SCALES))
        raise ValueError(f"unknown workload scale {scale!r}; known: {known}")
    return Workload(SCALES[scale], seed)


def for_run(config: pytest.Config) -> Workload:
    """The probes of this run: the scale of ``--conformance-profile`` (default unless
    given), a fixed seed unless the profile is thorough, which takes the run's seed."""
    profile = config.getoption("conformance_profile", None) or "default"
    seed = config.getoption("hypothesis_seed", None)
    if profile != "thorough" or not isinstance(seed, int):
        seed = FIXED_SEED
    return workload(profile, seed)


def within(domain: Domain[Any], candidates: Sequence[Any]) -> list[Any]:
    """The candidates the domain holds, in order, without repeats."""
    found: list[Any] = []
    for candidate in candidates:
        if domain.contains(candidate) and all(candidate != f for f in found):
            found.append(candidate)
    return found


def normal_forms(text: str) -> list[str]:
    """``text`` and its distinct Unicode normal forms."""
    forms = [text] + [unicodedata.normalize(f, text) for f in ("NFC", "NFD", "NFKC", "NFKD")]
    return list(dict.fromkeys(forms))


def sizeable(domain: Domain[Any], size: int, data: bytes) -> Any:
    """A value of ``size`` bytes the domain holds: ``data`` as bytes, else as ASCII-safe
    text of that many bytes; None when the domain holds neither."""
    as_bytes = data[:size]
    if domain.contains(as_bytes):
        return as_bytes
    as_text = base64.b85encode(data)[:size].decode("ascii")
    if domain.contains(as_text):
        return as_text
    return None
