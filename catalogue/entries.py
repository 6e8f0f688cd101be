"""The catalogue as data: every broken and unusual backend, with what the suite must conclude.

A :class:`BrokenEntry` pairs a broken backend with the clause whose rule it
breaks and the exact set of clauses the suite must fail it under. A run
against it must fail each of those clauses and no other MUST clause. An
:class:`UnusualEntry` is a correct backend: a run against it must pass or
find not applicable every MUST clause.

``gaps`` records where the suite is known to fall short of that, one reason
per check, so that the project's tests can mark those checks as expected
failures and notice when the suite is fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from langchain_core import caches as core_caches

from storespec.catalogue import broken_async as ba
from storespec.catalogue import broken_caches as bc
from storespec.catalogue import broken_concurrency as bcc
from storespec.catalogue import broken_regressions as br
from storespec.catalogue import broken_stores as bs
from storespec.catalogue import broken_workloads as bw
from storespec.catalogue import eviction as ev
from storespec.catalogue import unusual_apis as ua
from storespec.catalogue import unusual_caches as uc
from storespec.catalogue import unusual_concurrency as ucc
from storespec.catalogue import unusual_stores as us
from storespec.catalogue import unusual_workloads as uw
from storespec.conformance.core import capabilities as caps
from storespec.conformance.core.adapter import Adapter, Kind
from storespec.conformance.core.domains import ANY, BYTES, JSON, Domain, limited, text
from storespec.conformance.core.findings import Finding, Severity, Signature
from storespec.conformance.core.namespace import Namespace

REJECTED = "rejected"
"""Gap key: the suite does not fail the run for this entry at all."""
INTENDED = "intended"
"""Gap key: the suite does not fail the clause whose rule the entry breaks."""
UNRELATED = "unrelated"
"""Gap key: the suite fails a MUST clause outside the entry's expected set."""

MODELS = frozenset({"store.model", "store.keys.model", "cache.model", "cache.maxsize.model"})
"""The model-based clauses, which fail for most bugs that show in sequences of calls."""


@dataclass(frozen=True)
class BrokenEntry:
    """A backend that breaks one rule, and the clauses the suite must reject it under."""

    adapter: Adapter
    breaks: str
    """The clause whose rule the backend breaks."""
    bug: str
    """What the backend does wrong, in one line."""
    rejected_under: frozenset[str]
    """Every clause whose verdict must be *fail*: ``breaks`` and the clauses that the
    same bug necessarily breaks too (e.g. the async twin, the model)."""
    gaps: Mapping[str, str] = field(default_factory=dict)
    """Known shortfalls of the suite for this entry: REJECTED, INTENDED or UNRELATED
    mapped to the reason."""
    regressions: frozenset[str] = frozenset()
    """Clauses of ``rejected_under`` under which the adapter declares a finding for one
    bug and the backend has another: each must fail with a new failure beside the
    failures the finding explains."""
    at_scale: bool = False
    """The bug shows only at the default workload scale (e.g. a listing cut at 10,000
    keys), so the catalogue runs this entry at that scale, and the others at the quick one."""

    @property
    def name(self) -> str:
        """The adapter's name, which the report uses."""
        return self.adapter.name


@dataclass(frozen=True)
class UnusualEntry:
    """A correct backend that does something unusual; the suite must accept it."""

    adapter: Adapter
    unusual: str
    """What is unusual about it, in one line."""
    gaps: Mapping[str, str] = field(default_factory=dict)
    """Clauses the suite wrongly fails for this backend, mapped to the reason."""

    @property
    def name(self) -> str:
        """The adapter's name, which the report uses."""
        return self.adapter.name


ASCII_KEYS: Domain[str] = text(
    max_size=100,
    alphabet="".join(chr(i) for i in range(128)),
    description="ASCII strings of at most 100 characters",
)
"""Keys of at most 100 ASCII characters."""

ALPHANUMERIC_KEYS: Domain[str] = text(
    min_size=1,
    max_size=64,
    alphabet="abcdefghijklmnopqrstuvwxyz0123456789",
    examples=("a", "key1", "z" * 64),
    description="1 to 64 lowercase ASCII letters and digits",
)
"""The spec's minimal key domain (intro.md, Domains)."""

ASCII_PROMPTS: Domain[str] = text(
    max_size=2000,
    alphabet="".join(chr(i) for i in range(128)),
    description="ASCII strings of at most 2,000 characters",
)
"""Prompts of at most 2,000 ASCII characters."""


def _made_by(cls: Callable[..., Any]) -> Callable[..., Any]:
    """A factory that ignores the namespace and passes the options (maxsize) on."""

    def factory(namespace: Namespace, **options: Any) -> Any:
        return cls(**options)

    return factory


def _store(
    cls: Callable[..., Any],
    name: str,
    *,
    keys: Domain[str] | None = None,
    values: Domain[Any] = ANY,
    factory: Callable[..., Any] | None = None,
    capabilities: frozenset[str] = frozenset(),
    **declared: Any,
) -> Adapter:
    return _adapter("store", cls, name, keys, values, factory, capabilities, **declared)


def _cache(
    cls: Callable[..., Any],
    name: str,
    *,
    keys: Domain[str] | None = None,
    factory: Callable[..., Any] | None = None,
    capabilities: frozenset[str] = frozenset({caps.MAXSIZE}),
    **declared: Any,
) -> Adapter:
    return _adapter("cache", cls, name, keys, None, factory, capabilities, **declared)


def _adapter(
    kind: Kind,
    cls: Callable[..., Any],
    name: str,
    keys: Domain[str] | None,
    values: Domain[Any] | None,
    factory: Callable[..., Any] | None,
    capabilities: frozenset[str],
    **declared: Any,
) -> Adapter:
    """An adapter of the catalogue; ``declared`` passes ``apis`` and ``findings`` on."""
    extra: dict[str, Any] = dict(declared)
    if keys is not None:
        extra["keys"] = keys
    if values is not None:
        extra["values"] = values
    return Adapter(
        name=name,
        kind=kind,
        factory=factory or _made_by(cls),
        capabilities=capabilities,
        description=f"{cls.__module__}.{cls.__qualname__}",
        **extra,
    )


# -- factories with setup or teardown -------------------------------------------------


def _class_dict_store(namespace: Namespace) -> Iterator[bs.ClassDictStore]:
    store = bs.ClassDictStore()
    yield store
    store.mdelete(list(store.yield_keys()))


def _flush_on_close_store(namespace: Namespace) -> Iterator[bs.FlushOnCloseStore]:
    store = bs.FlushOnCloseStore(Path(namespace.path) / "store.pickle")
    yield store
    store.close()


def _file_store(namespace: Namespace) -> us.FileStore:
    return us.FileStore(Path(namespace.path) / "store.pickle")


def _class_dict_cache(namespace: Namespace) -> Iterator[bc.ClassDictCache]:
    cache = bc.ClassDictCache()
    yield cache
    cache.clear()


def _server_cache(cls: type[bc._ServerCache]) -> Callable[..., Any]:
    def factory(namespace: Namespace) -> Iterator[bc._ServerCache]:
        cache = cls(namespace.token)
        yield cache
        cache.drop()

    return factory


def _flush_on_close_cache(namespace: Namespace, **options: Any) -> Iterator[bc.FlushOnCloseCache]:
    cache = bc.FlushOnCloseCache(Path(namespace.path) / "cache.pickle", **options)
    yield cache
    cache.close()


def _file_cache(namespace: Namespace, **options: Any) -> uc.FileCache:
    return uc.FileCache(Path(namespace.path), **options)


def _core_cache(namespace: Namespace, **options: Any) -> core_caches.InMemoryCache:
    return core_caches.InMemoryCache(**options)


def _writer_thread_cache(namespace: Namespace, **options: Any) -> Iterator[ucc.WriterThreadCache]:
    cache = ucc.WriterThreadCache(**options)
    yield cache
    cache.close()


def _broken(
    adapter: Adapter,
    breaks: str,
    bug: str,
    *also: str,
    gaps: Mapping[str, str] | None = None,
    regressions: frozenset[str] = frozenset(),
    at_scale: bool = False,
) -> BrokenEntry:
    rejected = frozenset({breaks, *also})
    return BrokenEntry(adapter, breaks, bug, rejected, dict(gaps or {}), regressions, at_scale)


GLOB_PREFIX = Finding(
    id="regressed-prefix-store/prefix-is-glob",
    clauses=("store.keys.prefix-literal",),
    summary="yield_keys matches the prefix as a glob pattern: *, ? and [ are wildcards",
    severity=Severity.WRONG_ANSWER,
    signature=Signature(message=r"prefix '[^']*[*?\[]"),
    reproduction='store.mset([("a*1", b"v"), ("ab", b"v")]); '
    'assert sorted(store.yield_keys(prefix="a*")) == ["a*1", "ab"]',
)
"""The first defect of ``regressed-prefix-store``, declared; its second is not."""

NO_ASYNC_API = Finding(
    id="sync-only-store/no-async-api",
    clauses=("store.async.equivalent", "store.async.shared-state", "store.async.nonblocking"),
    summary="offers the sync API only: every async method raises NotImplementedError",
    severity=Severity.PORTABILITY,
    signature=Signature(message=r"^NoAsyncApi: this store has no async API"),
)
"""The one limit of ``sync-only-store``: the parity clauses need both APIs."""

NO_SYNC_API = Finding(
    id="async-only-cache/no-sync-api",
    clauses=("cache.async.equivalent", "cache.async.shared-state"),
    summary="offers the async API only: every sync method raises NotImplementedError",
    severity=Severity.PORTABILITY,
    signature=Signature(message=r"^NoSyncApi: this cache has no sync API"),
)
"""The one limit of ``async-only-cache``: the parity clauses need both APIs."""

STORE_MODEL = "store.model"
CACHE_MODEL = "cache.model"
BOUNDED_MODEL = "cache.maxsize.model"
STORE_ASYNC = "store.async.equivalent"
CACHE_ASYNC = "cache.async.equivalent"

BROKEN_STORES: tuple[BrokenEntry, ...] = (
    _broken(
        _store(bs.DroppingMissingStore, "dropping-missing-store"),
        "store.mget.missing",
        "mget leaves missing keys out of its answer",
        "store.mget.repeated",
        "store.mdelete.exact",
        "store.mdelete.missing",
        "store.isolation",
        "store.async.shared-state",
        STORE_MODEL,
        "store.mset.empty",
        STORE_ASYNC,
    ),
    _broken(
        _store(bs.DedupingStore, "deduping-store"),
        "store.mget.repeated",
        "mget answers a repeated key once",
        STORE_MODEL,
    ),
    _broken(
        _store(bs.ShardOrderStore, "shard-order-store"),
        "store.mget.order",
        "mget answers shard by shard, not in request order",
        "store.mget.missing",
        "store.key.distinct",
        "store.value.roundtrip",
        "store.isolation",
        STORE_MODEL,
        "store.mdelete.exact",
        "store.mget.repeated",
        "store.mset.visible",
    ),
    _broken(
        _store(bs.TupleMgetStore, "tuple-mget-store"),
        "store.mget.order",
        "mget returns a tuple, not a list",
        "store.mget.missing",
        "store.mget.repeated",
        "store.mget.empty",
        "store.mset.visible",
        "store.mset.overwrite",
        "store.mset.last-wins",
        "store.mset.empty",
        "store.mdelete.exact",
        "store.mdelete.missing",
        "store.mdelete.empty",
        "store.key.distinct",
        "store.value.roundtrip",
        "store.isolation",
        "store.async.shared-state",
        STORE_ASYNC,
        STORE_MODEL,
        "store.value.whole",
    ),
    _broken(
        _store(bs.EmptyBatchMgetStore, "empty-mget-store"),
        "store.mget.empty",
        "mget([]) raises",
        STORE_ASYNC,
        STORE_MODEL,
    ),
    _broken(
        _store(bs.WriteBehindStore, "write-behind-store"),
        "store.mset.visible",
        "a batch is written when the next write call arrives",
        "store.key.domain",
        "store.mget.order",
        "store.mget.missing",
        "store.mget.repeated",
        "store.mset.overwrite",
        "store.mset.last-wins",
        "store.mdelete.exact",
        "store.keys.prefix",
        "store.keys.prefix-literal",
        "store.keys.prefix-empty",
        "store.keys.iterator",
        "store.key.distinct",
        "store.value.roundtrip",
        "store.value.falsy",
        "store.isolation",
        "store.async.shared-state",
        STORE_ASYNC,
        STORE_MODEL,
        "store.keys.all",
        "store.value.whole",
        "store.keys.model",
    ),
    _broken(
        _store(bs.StaleReadCacheStore, "stale-read-cache-store"),
        "store.mset.visible",
        "mget serves a value it cached before the key was overwritten",
        STORE_MODEL,
    ),
    _broken(
        _store(bs.InsertOrIgnoreStore, "insert-or-ignore-store"),
        "store.mset.overwrite",
        "mset keeps the old value of a key that exists",
        STORE_MODEL,
    ),
    _broken(
        _store(bs.FirstWinsStore, "first-wins-store"),
        "store.mset.last-wins",
        "within a batch, the first pair for a key wins",
        STORE_MODEL,
        STORE_ASYNC,
    ),
    _broken(
        _store(bs.EmptyBatchMsetStore, "empty-mset-store"),
        "store.mset.empty",
        "mset([]) raises",
        STORE_ASYNC,
        STORE_MODEL,
        "store.keys.model",
    ),
    _broken(
        _store(bs.LikeDeleteStore, "like-delete-store"),
        "store.mdelete.exact",
        "mdelete also deletes every key the given key prefixes",
        "store.keys.all",
        "store.keys.model",
        STORE_MODEL,
    ),
    _broken(
        _store(bs.StrictDeleteStore, "strict-delete-store"),
        "store.mdelete.missing",
        "mdelete raises KeyError for a missing key",
        "store.isolation",
        STORE_ASYNC,
        STORE_MODEL,
        "store.keys.model",
    ),
    _broken(
        _store(bs.EmptyBatchDeleteStore, "empty-mdelete-store"),
        "store.mdelete.empty",
        "mdelete([]) raises",
        STORE_ASYNC,
        STORE_MODEL,
        "store.keys.model",
    ),
    _broken(
        _store(bs.PagedScanStore, "paged-scan-store"),
        "store.keys.all",
        "a listing of more than 32 keys yields some keys twice",
        "store.keys.prefix",
    ),
    _broken(
        _store(bs.SoftDeleteStore, "soft-delete-store"),
        "store.keys.all",
        "a deleted key is still listed",
        "store.keys.model",
    ),
    _broken(
        _store(bs.BytesKeysStore, "bytes-keys-store"),
        "store.keys.all",
        "yield_keys yields bytes",
        "store.keys.prefix",
        "store.keys.prefix-literal",
        "store.keys.prefix-empty",
        "store.keys.iterator",
        "store.isolation",
        "store.async.shared-state",
        STORE_ASYNC,
        "store.keys.model",
    ),
    _broken(
        _store(bs.ContainsPrefixStore, "contains-prefix-store"),
        "store.keys.prefix",
        "yield_keys(prefix=p) lists keys that contain p anywhere",
        "store.keys.prefix-literal",
    ),
    _broken(
        _store(bs.GlobPrefixStore, "glob-prefix-store"),
        "store.keys.prefix-literal",
        "the prefix is matched as a glob pattern",
    ),
    _broken(
        _store(
            br.RegressedPrefixStore,
            "regressed-prefix-store",
            findings=(GLOB_PREFIX,),
        ),
        "store.keys.prefix-literal",
        "declares the prefix-is-glob finding; a later release also reads % as a wildcard",
        regressions=frozenset({"store.keys.prefix-literal"}),
    ),
    _broken(
        _store(bs.LikePrefixStore, "like-prefix-store"),
        "store.keys.prefix-literal",
        "_ and % in the prefix are SQL LIKE wildcards",
    ),
    _broken(
        _store(bs.CaseInsensitivePrefixStore, "case-insensitive-prefix-store"),
        "store.keys.prefix-literal",
        "the prefix is matched ignoring case",
        "store.keys.prefix",
    ),
    _broken(
        _store(bs.RangeScanStore, "range-scan-store"),
        "store.keys.prefix-empty",
        'yield_keys(prefix="") lists nothing',
    ),
    _broken(
        _store(bs.CoroutineKeysStore, "coroutine-keys-store"),
        "store.keys.iterator",
        "ayield_keys is a coroutine that returns an iterator",
        "store.keys.prefix-empty",
        "store.async.shared-state",
        STORE_ASYNC,
        "store.isolation",
        "store.keys.all",
        "store.keys.prefix",
        "store.keys.prefix-literal",
        "store.keys.model",
    ),
    _broken(
        _store(bs.LowercasingStore, "lowercasing-store"),
        "store.key.distinct",
        "keys are lowercased",
        "store.keys.all",
        "store.keys.prefix",
        "store.keys.prefix-literal",
        STORE_MODEL,
        "store.keys.model",
    ),
    _broken(
        _store(bs.NormalisingStore, "normalising-store"),
        "store.key.distinct",
        "keys are NFC-normalised",
    ),
    _broken(
        _store(bs.StrippingStore, "stripping-store"),
        "store.key.distinct",
        "surrounding whitespace is stripped from keys",
        "store.keys.model",
    ),
    _broken(
        _store(bs.TruncatingStore, "truncating-store"),
        "store.key.distinct",
        "keys are cut at 250 characters",
    ),
    _broken(
        _store(bs.EscapingStore, "escaping-store", keys=ASCII_KEYS),
        "store.key.outside-domain",
        "declares ASCII keys up to 100 characters, escapes and cuts other keys",
    ),
    _broken(
        _store(bs.UnwrappingStore, "unwrapping-store", values=JSON),
        "store.value.roundtrip",
        "a one-element list reads back as its element",
        STORE_MODEL,
    ),
    _broken(
        _store(bs.TruthyStore, "truthy-store", values=BYTES),
        "store.value.falsy",
        'b"" reads back as missing',
        "store.value.roundtrip",
        STORE_MODEL,
    ),
    _broken(
        _store(bs.InsertingAmsetStore, "inserting-amset-store"),
        STORE_ASYNC,
        "amset raises on a key repeated in its batch; mset does not",
        "store.mset.last-wins",
        "store.keys.model",
        STORE_MODEL,
    ),
    _broken(
        _store(bs.SplitStateStore, "split-state-store"),
        "store.async.shared-state",
        "async calls act on a different dict than sync calls",
        STORE_ASYNC,
        STORE_MODEL,
        "store.keys.model",
    ),
    _broken(
        _store(ba.AsyncLikePrefixStore, "async-like-prefix-store"),
        "store.keys.prefix-literal",
        "the native ayield_keys reads _ and % in the prefix as SQL LIKE wildcards",
    ),
    _broken(
        _store(ba.AsyncStaleReadStore, "async-stale-read-store"),
        "store.mset.visible",
        "amset and amdelete do not invalidate the read cache that mget and amget share",
        "store.async.shared-state",
        STORE_ASYNC,
        STORE_MODEL,
    ),
    _broken(
        _store(ba.AsyncBatchLimitStore, "async-batch-limit-store"),
        "store.mset.visible",
        "the native amset silently drops the pairs after the first 1,000 of a batch",
        "store.mset.last-wins",
    ),
    _broken(
        _store(bs.ClassDictStore, "class-dict-store", factory=_class_dict_store),
        "store.isolation",
        "every instance shares one class-level dict",
    ),
    _broken(
        _store(
            bs.FlushOnCloseStore,
            "flush-on-close-store",
            factory=_flush_on_close_store,
            capabilities=frozenset({caps.PERSISTENCE}),
        ),
        "store.persistence",
        "declares persistence, writes its file only when closed",
    ),
    _broken(
        _store(bs.PrefixMemoStore, "prefix-memo-store"),
        "store.keys.model",
        "a listing by prefix is memoised, and mdelete forgets only the whole listing's memo",
        gaps={
            REJECTED: "the listing model never lists by a prefix, deletes a key under it "
            "and lists by it again, even at the thorough budget",
            INTENDED: "as above: store.keys.model passes",
        },
    ),
    _broken(
        _store(bs.MemoisingStore, "memoising-store"),
        STORE_MODEL,
        "a key read before an mdelete or an amset is answered from a stale memo",
        STORE_ASYNC,
    ),
    _broken(
        _store(bw.ValueTruncatingStore, "value-truncating-store", values=BYTES),
        "store.value.whole",
        "values are cut to 1 KB without an error",
    ),
    _broken(
        _store(bw.PathTreeStore, "path-tree-store"),
        "store.key.domain",
        "a key cannot be written beside a key that extends it as a path (f and f/child)",
        # Every test that writes such keys side by side meets the refusal: the probes of
        # separators ('a/b' beside 'a/b/') and of prefixes ('a' beside 'a/b').
        "store.key.distinct",
        "store.keys.prefix-literal",
    ),
    _broken(
        _store(bw.BatchDroppingStore, "batch-dropping-store"),
        "store.mset.visible",
        "pairs after the first 32,766 of an mset batch are silently lost",
    ),
    _broken(
        _store(bw.ListingCapStore, "listing-cap-store"),
        "store.keys.all",
        "a listing stops after 10,000 keys",
        "store.keys.prefix",
        at_scale=True,
    ),
    _broken(
        _store(bw.UffffRangeStore, "uffff-range-store"),
        "store.keys.prefix",
        'a prefix is listed as the range [p, p + "\\uffff"), missing keys with a '
        "character from U+FFFF up after p",
    ),
    _broken(
        _store(bcc.AwaitingReadModifyWriteStore, "awaiting-read-modify-write-store"),
        "store.concurrency.linearizable",
        "amset reads the table, awaits, and writes back its copy: overlapping tasks lose writes",
    ),
    _broken(
        _store(bcc.CopySwapStore, "copy-swap-store"),
        "store.concurrency.linearizable",
        "writes copy, change and swap a pickled table without a lock: threads lose writes",
    ),
    _broken(
        _store(bcc.SharedConnectionStore, "shared-connection-store"),
        "store.concurrency.no-errors",
        "one connection, which refuses a second operation in flight, shared without a lock",
    ),
    _broken(
        _store(bcc.ThreadBoundIteratorStore, "thread-bound-iterator-store"),
        "store.keys.any-thread",
        "a yield_keys iterator raises when advanced from another thread",
    ),
    _broken(
        _store(bs.TombstoneStore, "tombstone-store"),
        "store.keys.model",
        "a key deleted and written again reads back but is never listed again",
    ),
)
"""Stores that break a MUST clause."""

BROKEN_CACHES: tuple[BrokenEntry, ...] = (
    _broken(
        _cache(bc.EmptyListMissCache, "empty-list-miss-cache"),
        "cache.lookup.miss",
        "a miss returns [] instead of None",
        "cache.key.exact",
        "cache.key.distinct",
        "cache.clear.all",
        "cache.clear.kwargs",
        "cache.maxsize.bound",
        "cache.maxsize.evict-oldest",
        "cache.maxsize.lookup-neutral",
        "cache.isolation",
        "cache.async.shared-state",
        CACHE_ASYNC,
        CACHE_MODEL,
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.ReversedHitCache, "reversed-hit-cache"),
        "cache.lookup.hit",
        "a hit returns the generations in reverse order",
        CACHE_MODEL,
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.TupleHitCache, "tuple-hit-cache"),
        "cache.lookup.hit",
        "a hit is returned as a tuple",
        # LangChain's models take a hit that is not a list for a miss, so every
        # clause that reads a hit back fails.
        "cache.value.chat",
        "cache.key.exact",
        "cache.key.distinct",
        "cache.key.domain",
        "cache.update.replace",
        "cache.clear.all",
        "cache.clear.scope",
        "cache.maxsize.unbounded",
        "cache.maxsize.evict-oldest",
        "cache.maxsize.lookup-neutral",
        "cache.maxsize.update-no-evict",
        "cache.maxsize.evict-when-full",
        "cache.isolation",
        "cache.async.shared-state",
        CACHE_ASYNC,
        CACHE_MODEL,
        BOUNDED_MODEL,
        "cache.value.whole",
    ),
    _broken(
        _cache(bc.InfoDroppingCache, "info-dropping-cache"),
        "cache.lookup.hit",
        "generation_info is lost",
        CACHE_MODEL,
        BOUNDED_MODEL,
        "cache.value.whole",
    ),
    _broken(
        _cache(bc.StringIndexOrderCache, "string-index-order-cache"),
        "cache.lookup.hit",
        "11 or more generations read back sorted by their index as a string",
    ),
    _broken(
        _cache(bc.TextOnlyCache, "text-only-cache"),
        "cache.value.chat",
        "a ChatGeneration reads back as a plain Generation",
        "cache.lookup.hit",
        CACHE_MODEL,
        BOUNDED_MODEL,
        "cache.value.whole",
    ),
    _broken(
        _cache(bc.MessageRebuildingCache, "message-rebuilding-cache"),
        "cache.value.chat",
        "a chat message is rebuilt from its text, losing id, tool calls and metadata",
        "cache.lookup.hit",
        "cache.value.whole",
        CACHE_MODEL,
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.PromptOnlyCache, "prompt-only-cache"),
        "cache.key.exact",
        "the llm_string is ignored",
        "cache.key.distinct",
        CACHE_MODEL,
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.ConcatKeyCache, "concat-key-cache"),
        "cache.key.distinct",
        "the key is prompt + llm_string, without a delimiter",
    ),
    _broken(
        _cache(bc.SeparatorKeyCache, "separator-key-cache"),
        "cache.key.distinct",
        'the key is prompt + ":" + llm_string, unescaped',
    ),
    _broken(
        _cache(bc.IndexLimitCache, "index-limit-cache"),
        "cache.key.domain",
        "prompts over 2,704 bytes are silently not cached",
        "cache.key.distinct",
        "cache.value.whole",
        "cache.update.visible",
    ),
    _broken(
        _cache(bc.RowMergingCache, "row-merging-cache"),
        "cache.update.replace",
        "a shorter update leaves the tail of a longer one",
        CACHE_MODEL,
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.AppendingCache, "appending-cache"),
        "cache.update.replace",
        "an update appends to what was cached",
        "cache.maxsize.update-no-evict",
        CACHE_ASYNC,
        CACHE_MODEL,
        BOUNDED_MODEL,
        "cache.key.distinct",
    ),
    _broken(
        _cache(bc.PagedClearCache, "paged-clear-cache"),
        "cache.clear.all",
        "clear() removes only the first 10 entries",
    ),
    _broken(
        _cache(
            bc.FlushAllCache,
            "flush-all-cache",
            factory=_server_cache(bc.FlushAllCache),
            capabilities=frozenset(),
        ),
        "cache.clear.scope",
        "clear() empties the whole shared server",
    ),
    _broken(
        _cache(bc.NoKwargsClearCache, "no-kwargs-clear-cache"),
        "cache.clear.kwargs",
        "clear() takes no keyword arguments",
    ),
    _broken(
        _cache(bc.DefaultBoundCache, "default-bound-cache"),
        "cache.maxsize.unbounded",
        "maxsize=None means a bound of 1,000",
    ),
    _broken(
        _cache(bc.ZeroAcceptingCache, "zero-accepting-cache"),
        "cache.maxsize.invalid",
        "maxsize=0 is accepted as no limit",
    ),
    _broken(
        _cache(bc.OffByOneCache, "off-by-one-cache"),
        "cache.maxsize.bound",
        "the cache holds maxsize + 1 entries",
        "cache.maxsize.evict-oldest",
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.NewestEvictingCache, "newest-evicting-cache"),
        "cache.maxsize.evict-oldest",
        "a full cache evicts its newest entry",
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.LruCache, "lru-cache"),
        "cache.maxsize.lookup-neutral",
        "a hit makes its entry the newest",
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(core_caches.InMemoryCache, "langchain-core-inmemory-cache", factory=_core_cache),
        "cache.maxsize.update-no-evict",
        "updating a present pair in a full cache evicts the oldest entry",
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(bc.AsyncEvictingCache, "async-evicting-cache"),
        BOUNDED_MODEL,
        "aupdate of a present pair in a full cache evicts the oldest entry; update does not",
        "cache.maxsize.update-no-evict",
    ),
    _broken(
        _cache(bc.AsyncInfoDroppingCache, "async-info-dropping-cache"),
        CACHE_ASYNC,
        "aupdate loses generation_info; update keeps it",
        CACHE_MODEL,
        BOUNDED_MODEL,
        "cache.lookup.hit",
        "cache.value.whole",
    ),
    _broken(
        _cache(ba.AsyncMessageRebuildingCache, "async-message-rebuilding-cache"),
        "cache.value.chat",
        "the native aupdate rebuilds a chat message from its content and id only",
        # Tests that read back whole chat generations see the lost fields too.
        "cache.lookup.hit",
        "cache.value.whole",
    ),
    _broken(
        _cache(bc.SplitStateCache, "split-state-cache"),
        "cache.async.shared-state",
        "async calls act on a different dict than sync calls",
        CACHE_MODEL,
        BOUNDED_MODEL,
    ),
    _broken(
        _cache(
            bc.ClassDictCache,
            "class-dict-cache",
            factory=_class_dict_cache,
            capabilities=frozenset(),
        ),
        "cache.isolation",
        "every instance shares one class-level dict",
        "cache.clear.scope",
    ),
    _broken(
        Adapter(
            name="legacy-sweeping-cache",
            kind="cache",
            factory=_server_cache(bc.LegacySweepingCache),
            canary=bc.ForeignEntryCanary,
            description="storespec.catalogue.broken_caches.LegacySweepingCache",
        ),
        "cache.isolation",
        "clear() also removes data planted outside every namespace",
    ),
    _broken(
        _cache(
            bc.FlushOnCloseCache,
            "flush-on-close-cache",
            factory=_flush_on_close_cache,
            capabilities=frozenset({caps.MAXSIZE, caps.PERSISTENCE}),
        ),
        "cache.persistence",
        "declares persistence, writes its file only when closed",
    ),
    _broken(
        _cache(bc.MemoisingCache, "memoising-cache", capabilities=frozenset()),
        CACHE_MODEL,
        "clear() leaves a memo of earlier sync hits, which later lookups serve",
        CACHE_ASYNC,
    ),
    _broken(
        _cache(bw.PromptPrefixCache, "prompt-prefix-cache"),
        "cache.key.distinct",
        "only the first 4,096 characters of the prompt are part of the key",
    ),
    _broken(
        _cache(bw.FullTableCache, "full-table-cache", capabilities=frozenset()),
        "cache.update.visible",
        "once 4,096 entries are held, updates of new pairs are silently not stored",
        at_scale=True,
    ),
    _broken(
        _cache(bw.OversizeDroppingCache, "oversize-dropping-cache"),
        "cache.value.whole",
        "an entry of more than 1 MiB serialised is silently not stored",
    ),
    _broken(
        _cache(bcc.OvershootingCache, "overshooting-cache"),
        "cache.maxsize.concurrent",
        "concurrent updates both see a free slot, and eviction waits for len == maxsize",
    ),
    _broken(
        _cache(
            bcc.AwaitingReadModifyWriteCache,
            "awaiting-read-modify-write-cache",
            capabilities=frozenset(),
        ),
        "cache.concurrency.linearizable",
        "aupdate reads the table, awaits, and writes back its copy: overlapping tasks lose entries",
    ),
    _broken(
        _cache(bcc.SharedConnectionCache, "shared-connection-cache", capabilities=frozenset()),
        "cache.concurrency.no-errors",
        "one connection, which refuses a second operation in flight, shared without a lock",
    ),
    _broken(
        _cache(
            ev.EarlyEvictionCache,
            "early-eviction-cache",
            capabilities=frozenset({caps.MAXSIZE, caps.ANYORDER}),
        ),
        "cache.maxsize.evict-when-full",
        "evicts once it holds maxsize - 1 entries, so it never fills up",
        "cache.maxsize.update-no-evict",
    ),
    _broken(
        _cache(
            ev.FifoDeclaredLruCache,
            "fifo-declared-lru-cache",
            capabilities=frozenset({caps.MAXSIZE, caps.LRU}),
        ),
        "cache.maxsize.evict-lru",
        "declares LRU eviction but evicts the oldest inserted pair, however recently used",
        "cache.maxsize.lru-model",
    ),
    _broken(
        _cache(
            ev.StaleRecencyLruCache,
            "stale-recency-lru-cache",
            capabilities=frozenset({caps.MAXSIZE, caps.LRU}),
        ),
        "cache.maxsize.lru-model",
        "clear() keeps the recency order of the entries it removed",
    ),
)
"""Caches that break a MUST clause."""

STORE_LINEARIZABLE = "store.concurrency.linearizable"
CACHE_LINEARIZABLE = "cache.concurrency.linearizable"

ALSO_UNDER_CONCURRENCY: Mapping[str, tuple[str, ...]] = {
    "dropping-missing-store": (STORE_LINEARIZABLE,),
    "shard-order-store": (STORE_LINEARIZABLE,),
    "write-behind-store": (STORE_LINEARIZABLE,),
    "stale-read-cache-store": (STORE_LINEARIZABLE,),
    "insert-or-ignore-store": (STORE_LINEARIZABLE,),
    "split-state-store": (STORE_LINEARIZABLE,),
    "async-stale-read-store": (STORE_LINEARIZABLE,),
    "value-truncating-store": (STORE_LINEARIZABLE,),
    "memoising-store": (STORE_LINEARIZABLE,),
    "strict-delete-store": ("store.concurrency.no-errors",),
    "empty-list-miss-cache": (CACHE_LINEARIZABLE,),
    "tuple-hit-cache": (CACHE_LINEARIZABLE,),
    "info-dropping-cache": (CACHE_LINEARIZABLE,),
    "text-only-cache": (CACHE_LINEARIZABLE,),
    "prompt-only-cache": (CACHE_LINEARIZABLE,),
    "appending-cache": (CACHE_LINEARIZABLE,),
    "async-info-dropping-cache": (CACHE_LINEARIZABLE,),
    "split-state-cache": (CACHE_LINEARIZABLE,),
    "memoising-cache": (CACHE_LINEARIZABLE,),
    "off-by-one-cache": ("cache.maxsize.concurrent",),
}
"""Entries whose bug shows in any history, concurrent or not: the concurrency clause that
checks a history against the model (or that the bound holds, or that no call raises)
fails with the clause the entry breaks."""


def _also_under_concurrency(entry: BrokenEntry) -> BrokenEntry:
    extra = ALSO_UNDER_CONCURRENCY.get(entry.name, ())
    return replace(entry, rejected_under=entry.rejected_under | set(extra))


BROKEN_STORES = tuple(_also_under_concurrency(e) for e in BROKEN_STORES)
BROKEN_CACHES = tuple(_also_under_concurrency(e) for e in BROKEN_CACHES)

ADVISORY: tuple[BrokenEntry, ...] = (
    _broken(
        _store(bs.BlockingAsyncStore, "blocking-async-store"),
        "store.async.nonblocking",
        "async methods call time.sleep on the event loop",
    ),
    _broken(
        _store(bs.ParameterLimitStore, "parameter-limit-store"),
        "store.batch.large",
        "a batch of more than 32,766 keys raises",
    ),
    _broken(
        _store(bs.NoWaitLockStore, "no-wait-lock-store"),
        "store.isolation.concurrent",
        "a write raises while another instance of the process writes",
    ),
    _broken(
        _cache(bc.EmptyListAsMissCache, "empty-list-as-miss-cache"),
        "cache.value.empty-list",
        "a stored [] reads back as a miss",
    ),
    _broken(
        _cache(bc.BlockingAsyncCache, "blocking-async-cache"),
        "cache.async.nonblocking",
        "async methods call time.sleep on the event loop",
    ),
)
"""Entries that break only SHOULD clauses: their failures warn, and fail only a strict run."""

BROKEN: tuple[BrokenEntry, ...] = BROKEN_STORES + BROKEN_CACHES + ADVISORY
"""Every broken entry."""

UNUSUAL: tuple[UnusualEntry, ...] = (
    UnusualEntry(
        _store(us.ReverseOrderStore, "reverse-order-store"), "yield_keys lists newest first"
    ),
    UnusualEntry(
        _store(us.ShuffledKeysStore, "shuffled-keys-store"),
        "yield_keys lists keys in a random order",
    ),
    UnusualEntry(
        _store(us.PlainIteratorStore, "plain-iterator-store"),
        "yield_keys returns iter(list); ayield_keys a hand-written async iterator",
    ),
    UnusualEntry(
        _store(us.CopyingStore, "copying-store"), "values are stored and returned as deep copies"
    ),
    UnusualEntry(
        _store(us.ExecutorDefaultStore, "executor-default-store"),
        "async methods are BaseStore's executor defaults",
    ),
    UnusualEntry(
        _store(us.SuspendingStore, "suspending-store"),
        "async methods await asyncio.sleep(0) between steps",
    ),
    UnusualEntry(
        _store(ua.StrSubclassKeysStore, "str-subclass-keys-store"),
        "yield_keys yields a str subclass equal to and hashing like each key",
    ),
    UnusualEntry(
        _store(
            ua.SyncOnlyStore,
            "sync-only-store",
            apis=frozenset({"sync"}),
            findings=(NO_ASYNC_API,),
        ),
        "offers and declares the sync API only; a portability finding covers parity",
    ),
    UnusualEntry(
        _cache(
            ua.AsyncOnlyCache,
            "async-only-cache",
            apis=frozenset({"async"}),
            findings=(NO_SYNC_API,),
        ),
        "offers and declares the async API only; a portability finding covers parity",
    ),
    UnusualEntry(
        _store(us.SerialisedWritesStore, "serialised-writes-store"),
        "writes of every instance in the process wait for one lock",
    ),
    UnusualEntry(
        _store(us.HexKeyStore, "hex-key-store"), "keys are kept as the hex of their UTF-8 bytes"
    ),
    UnusualEntry(
        _store(us.HashedKeyStore, "hashed-key-store"),
        "values are addressed by SHA-256 of the key, the key kept beside the value",
    ),
    UnusualEntry(
        _store(us.BytesOnlyStore, "bytes-only-store", values=BYTES),
        "declares BYTES values and rejects other values with TypeError",
    ),
    UnusualEntry(
        _store(us.AsciiKeyStore, "ascii-key-store", keys=ASCII_KEYS),
        "declares ASCII keys of at most 100 characters, rejects others with ValueError",
    ),
    UnusualEntry(
        _store(us.AlphanumericKeyStore, "alphanumeric-key-store", keys=ALPHANUMERIC_KEYS),
        "declares the minimal key domain [a-z0-9]{1,64}, rejects others with ValueError",
    ),
    UnusualEntry(
        _store(us.JsonStore, "json-store", values=JSON),
        "declares JSON values, stores them as JSON text",
    ),
    UnusualEntry(
        _store(
            us.FileStore,
            "file-store",
            factory=_file_store,
            capabilities=frozenset({caps.PERSISTENCE}),
        ),
        "declares persistence, writes a file through on every change",
    ),
    UnusualEntry(
        _cache(uc.ExecutorDefaultCache, "executor-default-cache"),
        "async methods are BaseCache's executor defaults",
    ),
    UnusualEntry(
        _cache(uc.OrderedDictCache, "ordered-dict-cache"),
        "an update keeps the pair's eviction position; async methods answer directly",
    ),
    UnusualEntry(
        _cache(uc.RefreshingCache, "refreshing-cache"),
        "an update moves the pair to the newest eviction position",
    ),
    UnusualEntry(
        _cache(uc.SuspendingCache, "suspending-cache"),
        "async methods await asyncio.sleep(0) before each step",
    ),
    UnusualEntry(
        _cache(uc.SerialisingCache, "serialising-cache"),
        "entries are serialised with langchain_core.load and read back as copies",
    ),
    UnusualEntry(
        _cache(uc.HashedKeyCache, "hashed-key-cache"),
        "entries are keyed by SHA-256 of the length-prefixed pair",
    ),
    UnusualEntry(
        _cache(uc.EscapedKeyCache, "escaped-key-cache"),
        'entries are keyed by prompt + ":" + llm_string with the delimiter escaped',
    ),
    UnusualEntry(
        _cache(uc.AsciiPromptCache, "ascii-prompt-cache", keys=ASCII_PROMPTS),
        "declares ASCII prompts of at most 2,000 characters, rejects others with ValueError",
    ),
    UnusualEntry(
        _cache(
            uc.FileCache,
            "file-cache",
            factory=_file_cache,
            capabilities=frozenset({caps.MAXSIZE, caps.PERSISTENCE}),
        ),
        "declares persistence, writes a file through on every change",
    ),
    UnusualEntry(
        _store(uw.ChunkedBatchStore, "chunked-batch-store"),
        "splits every batch into chunks of 999 keys and applies them all",
    ),
    UnusualEntry(
        _store(uw.PagedListingStore, "paged-listing-store"),
        "lists keys lazily in sorted pages of 1,000, each after the last key of the one before",
    ),
    UnusualEntry(
        _store(uw.CompressedPickleStore, "compressed-pickle-store"),
        "keeps values pickled and zlib-compressed",
    ),
    UnusualEntry(
        _store(uw.HashedLongKeyStore, "hashed-long-key-store"),
        "addresses keys over 250 characters by SHA-256, the full key kept beside the value",
    ),
    UnusualEntry(
        _store(
            uw.SizeLimitedStore,
            "size-limited-store",
            values=limited(BYTES, uw.SizeLimitedStore.LIMIT),
        ),
        "declares byte values of at most 1 MiB and raises ValueError for larger ones",
    ),
    UnusualEntry(
        _store(ucc.LockFreeShardedStore, "lock-free-sharded-store"),
        "keys in 16 dicts, each change one dict operation, no lock",
    ),
    UnusualEntry(
        _store(ucc.AsyncLockStore, "async-lock-store"),
        "async calls take turns on an asyncio.Lock and suspend inside it",
    ),
    UnusualEntry(
        _cache(ucc.WriterThreadCache, "writer-thread-cache", factory=_writer_thread_cache),
        "updates and clears are queued to one writer thread; callers wait for theirs",
    ),
    UnusualEntry(
        _cache(
            ev.LeastRecentlyUsedCache,
            "lru-declared-cache",
            capabilities=frozenset({caps.MAXSIZE, caps.LRU}),
        ),
        "declares LRU eviction and evicts the pair used longest ago",
    ),
    UnusualEntry(
        _cache(
            ev.RandomEvictionCache,
            "random-eviction-cache",
            capabilities=frozenset({caps.MAXSIZE, caps.ANYORDER}),
        ),
        "declares no eviction order and evicts a random entry when full",
    ),
)
"""Every unusual but correct entry."""

BROKEN_ADAPTERS: tuple[Adapter, ...] = tuple(e.adapter for e in BROKEN_STORES + BROKEN_CACHES)
"""The adapters of the entries that break a MUST clause, for ``--backend``."""

QUICK_BROKEN_ADAPTERS: tuple[Adapter, ...] = tuple(
    e.adapter for e in BROKEN_STORES + BROKEN_CACHES if not e.at_scale
)
"""The adapters of the entries that break a MUST clause at the quick workload scale."""

AT_SCALE_ADAPTERS: tuple[Adapter, ...] = tuple(
    e.adapter for e in BROKEN_STORES + BROKEN_CACHES if e.at_scale
)
"""The adapters of the entries whose bug shows only at the default workload scale."""

ADVISORY_ADAPTERS: tuple[Adapter, ...] = tuple(e.adapter for e in ADVISORY)
"""The adapters of the entries that break only SHOULD clauses, for ``--backend``."""

ADVISORY_CLAUSES: tuple[str, ...] = tuple(sorted({e.breaks for e in ADVISORY}))
"""The SHOULD clauses the advisory entries break."""

UNUSUAL_ADAPTERS: tuple[Adapter, ...] = tuple(e.adapter for e in UNUSUAL)
"""The adapters of the unusual entries, for ``--backend``."""
