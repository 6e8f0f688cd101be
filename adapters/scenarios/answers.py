"""Comparing what a consumer got with what it got the first time, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.messages import BaseMessage

SHOWN = 60
"""Characters of a value a one-line description shows."""


def short(value: Any) -> str:
    """``value`` as a repr of at most SHOWN characters."""
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def _usage(message: BaseMessage) -> dict[str, Any] | None:
    """The token counts of a message, without the cost LangChain sets to 0 on a cache hit
    (``BaseChatModel._convert_cached_generations``)."""
    usage = getattr(message, "usage_metadata", None)
    if usage is None:
        return None
    return {k: v for k, v in dict(usage).items() if k != "total_cost"}


def _tool_calls(message: BaseMessage) -> list[tuple[str, Any, Any]]:
    calls = getattr(message, "tool_calls", None) or []
    return [(c["name"], c["args"], c.get("id")) for c in calls]


def message_difference(got: Any, first: BaseMessage) -> str | None:
    """How ``got`` differs from the ``first`` answer a chat model gave, or None if it does not.

    Compared are what callers read: the text, the tool calls, the token counts and the
    response metadata.
    """
    if not isinstance(got, BaseMessage):
        return f"got {type(got).__name__} {short(got)} instead of a message"
    if got.content != first.content:
        return f"text {short(got.content)} instead of {short(first.content)}"
    if _tool_calls(got) != _tool_calls(first):
        return f"tool calls {short(_tool_calls(got))} instead of {short(_tool_calls(first))}"
    if _usage(got) != _usage(first):
        return f"usage metadata {short(_usage(got))} instead of {short(_usage(first))}"
    if dict(got.response_metadata) != dict(first.response_metadata):
        return (
            f"response metadata {short(got.response_metadata)} instead of "
            f"{short(first.response_metadata)}"
        )
    return None


def mapping_difference(got: Mapping[str, Any], want: Mapping[str, Any]) -> str | None:
    """The first key whose value differs between two mappings, described; None if equal."""
    for key in sorted(set(got) | set(want)):
        if got.get(key) != want.get(key):
            return f"{key}: {short(got.get(key))} instead of {short(want.get(key))}"
    return None
