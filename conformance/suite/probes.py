"""Keys, prompts and values that real backends get wrong, grouped by what they test."""

from __future__ import annotations

from typing import Final

from langchain_core.messages import AIMessage

COLLIDING_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "case": ("key", "Key", "KEY"),
    "normalisation": ("caf\u00e9", "cafe\u0301", "\ufb01", "fi", "\u212b", "\u00c5"),
    "whitespace": ("k", " k", "k ", "\tk", "k\n", "k\u00a0"),
    "length": (
        "x" * 250 + "a",
        "x" * 250 + "b",
        "x" * 1023 + "a",
        "x" * 1023 + "b",
        "x" * 10_000 + "a",
        "x" * 10_000 + "b",
    ),
    "separators": (
        "a/b",
        "a:b",
        "a\\b",
        "a.b",
        "a|b",
        "a_b",
        "a%b",
        "a-b",
        "a b",
        "a\x00b",
        "a/b/",
    ),
    "escaping": ("a%2Fb", "a/b", "a~1b", "a\\x2fb", "'a'", '"a"', "a;", "a--"),
    "empty": ("", " ", "\x00"),
}
"""Groups of distinct keys; a backend that maps two of a group onto one entry collides."""

PREFIX_METACHARACTERS: Final[tuple[str, ...]] = (
    "*",
    "?",
    "[",
    "]",
    "%",
    "_",
    "\\",
    ".",
    "/",
    "^",
    "$",
    "{",
    "(",
)
"""Characters that glob, LIKE, regex or path matching treat specially."""

LITERAL_PREFIX_CASES: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    ("a*", ("a*1", "a*"), ("ab", "a1", "a")),
    ("a?", ("a?x",), ("ab", "a", "abx")),
    ("[ab]", ("[ab]1",), ("a", "b", "a1")),
    ("a%", ("a%x",), ("ab", "a")),
    ("a_", ("a_1",), ("ab", "a1")),
    ("a\\", ("a\\x",), ("a", "ax")),
    ("a.", ("a.b",), ("ab", "a")),
    ("a/", ("a/b",), ("a", "ab")),
    ("a^", ("a^b",), ("ab",)),
    ("Ab", ("Ab1",), ("ab1", "AB1", "aB1")),
)
"""(prefix, keys it matches, keys it must not match): the match is literal and case-sensitive."""

PROMPT_PAIRS: Final[tuple[tuple[tuple[str, str], ...], ...]] = (
    (("ab", "c"), ("a", "bc")),
    (("a:b", "c"), ("a", "b:c")),
    (("a", "b|c"), ("a|b", "c")),
    (("a\x00", "b"), ("a", "\x00b")),
    (("a", "b"), ("A", "b"), ("a", "B")),
    (("p", "l"), (" p", "l"), ("p", "l ")),
    (("caf\u00e9", "l"), ("cafe\u0301", "l")),
    (("", "ab"), ("a", "b"), ("ab", "")),
)
"""Groups of distinct (prompt, llm_string) pairs that naive key building merges."""

LONG_TEXT: Final[str] = "".join(chr(0x61 + i % 26) for i in range(100_000))

UNUSUAL_TEXT: Final[tuple[str, ...]] = (
    "",
    "multi\nline\r\nprompt\n",
    "Unicode: \u65e5\u672c\u8a9e \u2713 \U0001f600 \u0645\u0631\u062d\u0628\u0627",
    '{"json": ["like", 1]}',
    "quotes ' \" ` and ; -- /* */",
    LONG_TEXT,
)
"""Prompts and llm_strings every cache must hold within its declared domain."""

PATH_KEYS: Final[tuple[str, ...]] = ("f", "f/child", "f/child/leaf", "g/child", "g")
"""Path-like keys, each written beside another that extends it or that it extends, in
both orders: document ids from a loader are often file paths."""

FALSY_VALUES: Final[tuple[object, ...]] = (b"", "", 0, False, [], {}, ())
"""Falsy values that must never read back as missing."""

ANSWER: Final[AIMessage] = AIMessage(
    content="Paris",
    id="run-0001",
    tool_calls=[{"name": "search", "args": {"query": "capital of France"}, "id": "call-1"}],
    usage_metadata={"input_tokens": 12, "output_tokens": 3, "total_tokens": 15},
    response_metadata={"model_name": "a-chat-model", "finish_reason": "tool_calls"},
    additional_kwargs={"refusal": None},
)
"""A chat answer with everything an AIMessage carries besides its text: a cache that
rebuilds the message from its text loses all of it."""
