"""The findings of ``langchain_redis.RedisCache``, confirmed by a run and the source.

Line numbers are those of langchain-redis 0.2.6 (``langchain_redis/cache.py``).
"""

from __future__ import annotations

from typing import Final

from storespec.conformance.core.findings import Finding, Severity, Signature

SOURCE: Final = "langchain_redis/cache.py"

EMPTY_LIST_IS_MISS: Final = Finding(
    id="langchain-redis-cache/empty-list-is-a-miss",
    clauses=("cache.value.empty-list",),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r"^AssertionError", tests=("test_empty_list_is_a_hit", "cache.value.empty-list:*")
    ),
    summary=(
        "update(p, l, []) stores the JSON document [], but lookup treats it as a miss and "
        "returns None"
    ),
    reproduction=(
        "from langchain_redis import RedisCache\n"
        "c = RedisCache(redis_url='redis://localhost:6379', prefix='demo')  # with RedisJSON\n"
        "c.update('p', 'l', [])\n"
        "assert c.redis.json().get(c._key('p', 'l')) == []\n"
        "assert c.lookup('p', 'l') is None"
    ),
    evidence=(
        f"{SOURCE}:227-229: `result = self.redis.json().get(key)` then "
        "`if not result: return None`, which takes the stored empty list for a miss"
    ),
)
FLOATS_ROUNDED: Final = Finding(
    id="langchain-redis-cache/floats-rounded",
    clauses=("cache.lookup.hit",),
    severity=Severity.DATA_LOSS,
    signature=Signature(
        message=r"^AssertionError: lookup returned .* has generation_info",
        tests=("test_embeddings_and_nested_metadata_read_back_exactly",),
    ),
    summary=(
        "floats in a generation (an embedding in generation_info, logprobs) are stored as "
        "RedisJSON numbers and read back rounded in their last digit "
        "(0.23324459938129238 becomes 0.2332445993812924): the cached answer is not the one "
        "written"
    ),
    reproduction=(
        "from langchain_core.outputs import Generation\n"
        "from langchain_redis import RedisCache\n"
        "c = RedisCache(redis_url='redis://localhost:6379', prefix='demo_floats')  # RedisJSON\n"
        "info = {'embedding': [0.23324459938129238, 0.9240538085069865]}\n"
        "c.update('p', 'l', [Generation(text='x', generation_info=info)])\n"
        "got = c.lookup('p', 'l')[0].generation_info['embedding']\n"
        "c.clear()\n"
        "assert got != info['embedding'], got  # [0.2332445993812924, 0.9240538085069864]\n"
    ),
    evidence=(
        f"{SOURCE}:170-172: `update` stores `[json.loads(dumps(gen)) ...]` with "
        "`self.redis.json().set(key, Path.root_path(), json_value)`, so each float becomes a "
        "RedisJSON number, which the module holds as a double and prints with fewer digits "
        "than a round trip needs (observed with redis-stack's rejson.so); a string value "
        "(the community RedisCache's `dumps` per generation) would keep it exact"
    ),
)
RAW_JSON_UNDER_THREADS: Final = Finding(
    id="langchain-redis-cache/concurrent-lookup-returns-raw-json",
    clauses=("cache.concurrency.linearizable",),
    severity=Severity.WRONG_ANSWER,
    signature=Signature(
        message=r'not linearizable.*a value never written: \[\W{1,2}\[\{"lc":1',
        tests=("test_each_pair_is_linearizable_under_threads_and_tasks",),
    ),
    summary=(
        "under threads (or tasks, whose calls run in the executor) sharing one instance, a "
        "lookup of a stored entry can return a list holding one str, the entry's raw JSON "
        "text, instead of its generations: every call makes a new `redis.json()` helper, "
        "which installs its JSON.GET reply decoder on the shared client before the "
        "decoder has its JSON parser, so another thread's reply is decoded by a helper "
        "that cannot parse it and is returned as text"
    ),
    reproduction=(
        "import sys, threading\n"
        "import redis\n"
        "from langchain_core.outputs import Generation\n"
        "from langchain_redis import RedisCache\n"
        "sys.setswitchinterval(1e-6)  # switch threads as often as a loaded machine does\n"
        "client = redis.Redis.from_url('redis://localhost:6379')  # with RedisJSON\n"
        "c = RedisCache(redis_client=client, prefix='demo_threads')\n"
        "c.update('p', 'l', [Generation(text='x')])\n"
        "wrong = []\n"
        "def read():\n"
        "    for _ in range(300):\n"
        "        got = c.lookup('p', 'l')\n"
        "        if got != [Generation(text='x')]:\n"
        "            wrong.append(got)\n"
        "threads = [threading.Thread(target=read) for _ in range(12)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join()\n"
        "c.clear()\n"
        "assert wrong, 'every lookup read the entry back'\n"
        'assert isinstance(wrong[0][0], str), wrong[0]  # \'[{"lc":1,"type": ...\'\n'
    ),
    evidence=(
        f"{SOURCE}:227: `lookup` calls `self.redis.json().get(key)`, a new helper per call; "
        "redis/commands/json/__init__.py:119-123 (redis 8.1.0): `JSON.__init__` runs "
        "`self.client.set_response_callback(key, value)` for JSON.GET and the other "
        "commands, and only then `self.__decoder__ = decoder`; `_decode` catches the "
        "AttributeError that a decoder without `__decoder__` raises and returns "
        "`decode_list(obj)`, the reply as text; `lookup` then wraps that text with "
        "`[loads(json.dumps(result))]`"
    ),
)
CACHE_FINDINGS: Final = (EMPTY_LIST_IS_MISS, FLOATS_ROUNDED, RAW_JSON_UNDER_THREADS)
