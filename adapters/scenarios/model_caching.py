"""LLM and chat model caching: a repeated call is answered from the cache, exactly.

LangChain's models look a call up in their cache under the serialised prompt and the
model's parameters (``llm_string``) and store the generations of every miss. A cache
that works returns the first answer again, sync or async, and never answers one call
with another call's answer.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator
from typing import Any

from langchain_core.caches import BaseCache
from langchain_core.globals import get_llm_cache, set_llm_cache
from langchain_core.language_models import FakeListLLM, GenericFakeChatModel, LanguageModelInput
from langchain_core.load import dumps
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from storespec.adapters.scenarios.answers import message_difference, short
from storespec.adapters.scenarios.context import Context
from storespec.adapters.scenarios.scenario import Scenario
from storespec.adapters.scenarios.texts import passages, prose

BATCH = 50
"""Prompts in one batch: a realistic evaluation or back-fill run."""


class FakeModel(FakeListLLM):
    """A FakeListLLM identified by a model name, as hosted models are, not by its answers:
    its ``llm_string`` stays a few dozen characters however long the answers are."""

    model_name: str = "fake-list-1"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}


class Answers(Iterator[AIMessage]):
    """A chat model's answers in turn, counting how many were taken; safe across threads."""

    def __init__(self, answers: list[AIMessage]) -> None:
        self._answers = answers
        self.taken = 0
        self._lock = threading.Lock()

    def __next__(self) -> AIMessage:
        with self._lock:
            if self.taken >= len(self._answers):
                raise StopIteration
            answer = self._answers[self.taken]
            self.taken += 1
            return answer


def chat_answers(seed: int, count: int) -> list[AIMessage]:
    """Rich answers: long text, tool calls, token counts, response metadata and an id."""
    found = []
    for index, text in enumerate(passages(seed, count, 300, 9000)):
        found.append(
            AIMessage(
                content=text,
                id=f"msg-{seed}-{index}",
                tool_calls=[
                    {"name": "search", "args": {"query": text[:40], "k": 7}, "id": f"c{index}a"},
                    {"name": "lookup_ðrder", "args": {"id": index * 7919}, "id": f"c{index}b"},
                ],
                usage_metadata={
                    "input_tokens": 1234 + index,
                    "output_tokens": len(text) // 3,
                    "total_tokens": 1234 + index + len(text) // 3,
                },
                response_metadata={"model_name": "fake-chat-7", "finish_reason": "tool_calls"},
            )
        )
    return found


def conversation(seed: int) -> list[BaseMessage]:
    """A system prompt and a long user turn, in mixed scripts."""
    return [
        SystemMessage(content="You are a careful assistant. " + prose(seed, 1711)),
        HumanMessage(content=prose(seed + 1, 23_457)),
    ]


def _fresh_or_repeat(got: str, first: str, fresh: str) -> str:
    if got == fresh:
        return "the model answered again: the cache missed"
    return f"answered {short(got)} instead of {short(first)}"


async def _llm_repeat(ctx: Context, llm: FakeModel, prompt: str, sync_first: bool) -> None:
    responses = llm.responses
    mode, other = ("invoke", "ainvoke") if sync_first else ("ainvoke", "invoke")
    ctx.at(f"first {mode} of a prompt")
    first = llm.invoke(prompt) if sync_first else await llm.ainvoke(prompt)
    fresh = responses[llm.i]
    for step in (mode, other):
        ctx.at(f"the same prompt again ({step})")
        got = llm.invoke(prompt) if step == "invoke" else await llm.ainvoke(prompt)
        ctx.expect(got == first, _fresh_or_repeat(got, first, fresh))


async def _chat_repeat(
    ctx: Context,
    cache: BaseCache | None,
    answers: Answers,
    messages: list[BaseMessage],
    sync_first: bool,
) -> None:
    model = GenericFakeChatModel(messages=answers, cache=cache)
    mode, other = ("invoke", "ainvoke") if sync_first else ("ainvoke", "invoke")
    ctx.at(f"first chat {mode}")
    first = model.invoke(messages) if sync_first else await model.ainvoke(messages)
    taken = answers.taken
    for step in (mode, other):
        ctx.at(f"the same conversation again ({step})")
        got = model.invoke(messages) if step == "invoke" else await model.ainvoke(messages)
        ctx.expect(answers.taken == taken, "the model answered again: the cache missed")
        wrong = message_difference(got, first)
        ctx.expect(wrong is None, f"the repeated call's answer differs: {wrong}")


def _in_domain(ctx: Context, prompts: list[str], model: Any) -> None:
    adapter = ctx.adapter
    outside = [p for p in prompts if not adapter.keys.contains(p)]
    ctx.needs(not outside, f"prompts ({adapter.keys.description}) do not hold the scenario's")
    if isinstance(model, FakeModel):  # BaseLLM.generate: the sorted parameters with stop
        compat = getattr(model, "_dict_for_compat", None)
        params = compat() if compat is not None else model.dict()
        llm_string = str(sorted({**params, "stop": None}.items()))
    else:
        llm_string = model._get_llm_string()
    ctx.needs(
        adapter.llm_strings.contains(llm_string),
        f"llm strings ({adapter.llm_strings.description}) do not hold {short(llm_string)}",
    )


async def llm_repeat(ctx: Context) -> None:
    """A repeated LLM call, sync then async and async then sync, returns the first answer."""
    ctx.at("open a cache")
    cache: BaseCache = await ctx.open()
    llm = FakeModel(responses=passages(11, 6, 2000, 30_000), cache=cache)
    prompts = passages(12, 2, 500, 20_000)
    _in_domain(ctx, prompts, llm)
    await _llm_repeat(ctx, llm, prompts[0], sync_first=True)
    await _llm_repeat(ctx, llm, prompts[1], sync_first=False)


async def chat_repeat(ctx: Context) -> None:
    """A repeated chat call returns the first answer's text, tool calls, usage and metadata."""
    ctx.at("open a cache")
    cache: BaseCache = await ctx.open()
    answers = Answers(chat_answers(21, 6))
    model = GenericFakeChatModel(messages=answers, cache=cache)
    first, second = conversation(22), conversation(23)
    _in_domain(ctx, [dumps(first), dumps(second)], model)
    await _chat_repeat(ctx, cache, answers, first, sync_first=True)
    await _chat_repeat(ctx, cache, answers, second, sync_first=False)
    ctx.at("count the model's calls")
    ctx.expect(answers.taken == 2, f"the model was called {answers.taken} times, not twice")


def _variants(prompt: str) -> list[str]:
    """Prompts a careful user calls distinct from ``prompt``: case, spacing, normal form,
    a prefix and an extension."""
    decomposed = unicodedata.normalize("NFD", "Café " + prompt)
    return [
        prompt,
        prompt.upper(),
        prompt + " ",
        " " + prompt,
        unicodedata.normalize("NFC", "Café " + prompt),
        decomposed,
        prompt[: len(prompt) // 2],
        prompt + prompt[:100],
    ]


async def distinct_calls(ctx: Context) -> None:
    """Distinct prompts, stop words, model parameters or models never share an answer."""
    ctx.at("open a cache")
    cache: BaseCache = await ctx.open()
    prompts = _variants(prose(31, 4321))
    llm = FakeModel(responses=passages(32, 40, 100, 3000), cache=cache)
    _in_domain(ctx, prompts, llm)
    seen: dict[str, str] = {}

    def fresh(answer: str, what: str) -> None:
        ctx.expect(answer not in seen, f"{what} was answered with the answer of {seen.get(answer)}")
        seen[answer] = what

    for index, prompt in enumerate(prompts):
        ctx.at(f"prompt variant {index}")
        fresh(llm.invoke(prompt), f"prompt variant {index}")
    ctx.at("the first prompt with a stop word")
    fresh(llm.invoke(prompts[0], stop=["\n\n"]), "the first prompt with a stop word")
    ctx.at("the first prompt on another model")
    other = FakeModel(responses=passages(33, 3, 100, 3000), cache=cache, model_name="fake-list-2")
    fresh(await other.ainvoke(prompts[0]), "the first prompt on another model")
    chat = GenericFakeChatModel(messages=Answers(chat_answers(34, 4)), cache=cache)
    messages = conversation(35)
    texts: dict[str, str] = {}
    for temperature in (0.1, 0.7):
        step = f"chat call at temperature {temperature}"
        ctx.at(step)
        got = await chat.ainvoke(messages, temperature=temperature)
        text = str(got.content)
        ctx.expect(text not in texts, f"{step} got the answer of {texts.get(text)}")
        texts[text] = step


async def global_cache(ctx: Context) -> None:
    """With ``set_llm_cache``, models without a cache of their own share the global one."""
    ctx.at("open a cache")
    cache: BaseCache = await ctx.open()
    previous = get_llm_cache()
    set_llm_cache(cache)
    try:
        llm = FakeModel(responses=passages(41, 5, 100, 5000))
        prompt = prose(42, 7777)
        _in_domain(ctx, [prompt], llm)
        await _llm_repeat(ctx, llm, prompt, sync_first=False)
        ctx.at("a second model instance with the same parameters")
        twin = FakeModel(responses=list(reversed(llm.responses)))
        got = twin.invoke(prompt)
        first = llm.responses[0]
        ctx.expect(got == first, _fresh_or_repeat(got, first, twin.responses[0]))
        await _chat_repeat(ctx, None, Answers(chat_answers(43, 4)), conversation(44), True)
    finally:
        set_llm_cache(previous)


async def batch(ctx: Context) -> None:
    """``abatch`` over many prompts: the second pass is served from the cache, each prompt
    with its own first answer."""
    ctx.at("open a cache")
    cache: BaseCache = await ctx.open()
    prompts = passages(51, BATCH, 200, 6000)
    llm = FakeModel(responses=passages(52, BATCH * 3, 50, 4000), cache=cache)
    _in_domain(ctx, prompts, llm)
    ctx.at(f"first abatch of {BATCH} prompts")
    inputs: list[LanguageModelInput] = list(prompts)
    first = await llm.abatch(inputs)
    ctx.expect(len(set(first)) == BATCH, "two prompts of the first pass shared an answer")
    called = llm.i
    ctx.at(f"second abatch of the {BATCH} prompts")
    second = await llm.abatch(inputs)
    ctx.expect(llm.i == called, f"the model was called {llm.i - called} more times")
    wrong = [i for i in range(BATCH) if second[i] != first[i]]
    ctx.expect(
        not wrong, f"{len(wrong)} of {BATCH} answers differ, the first at prompt {wrong[:1]}"
    )
    answers = Answers(chat_answers(53, BATCH * 3))
    chat = GenericFakeChatModel(messages=answers, cache=cache)
    conversations = [[HumanMessage(content=p)] for p in prompts]
    ctx.at(f"first chat abatch of {BATCH} conversations")
    chats = await chat.abatch(conversations)  # type: ignore[arg-type]
    taken = answers.taken
    ctx.at(f"second chat abatch of the {BATCH} conversations")
    again = await chat.abatch(conversations)  # type: ignore[arg-type]
    ctx.expect(answers.taken == taken, f"the model was called {answers.taken - taken} more times")
    for index, (got, want) in enumerate(zip(again, chats, strict=True)):
        wrong_message = message_difference(got, want)
        ctx.expect(wrong_message is None, f"conversation {index}: {wrong_message}")


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("llm-cache.repeat", "model caching", "cache", "FakeListLLM(cache=...)", llm_repeat),
    Scenario(
        "chat-cache.repeat",
        "model caching",
        "cache",
        "GenericFakeChatModel(cache=...)",
        chat_repeat,
    ),
    Scenario(
        "model-cache.distinct",
        "model caching",
        "cache",
        "distinct prompts, stop words, parameters and models",
        distinct_calls,
    ),
    Scenario("model-cache.global", "model caching", "cache", "set_llm_cache(cache)", global_cache),
    Scenario("model-cache.abatch", "model caching", "cache", f"abatch of {BATCH} prompts", batch),
)
