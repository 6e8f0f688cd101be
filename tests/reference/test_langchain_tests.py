"""LangChain's own standard tests (langchain-tests) pass against the reference backends."""

from __future__ import annotations

import pytest
from langchain_tests.integration_tests import (
    AsyncCacheTestSuite,
    BaseStoreAsyncTests,
    BaseStoreSyncTests,
    SyncCacheTestSuite,
)

from storespec.reference import InMemoryCache, InMemoryStore

# Values that are not interchangeable: non-ASCII, a zero byte, and a value of a
# non-round size far past any small-value fast path.
THREE_VALUES = (b"caf\xc3\xa9 \x00", "\u00e9t\u00e9 \U0001f600".encode(), bytes(range(256)) * 4099)


class TestReferenceStoreSync(BaseStoreSyncTests[bytes]):
    @pytest.fixture
    def kv_store(self) -> InMemoryStore[bytes]:
        return InMemoryStore()

    @pytest.fixture
    def three_values(self) -> tuple[bytes, bytes, bytes]:
        return THREE_VALUES


# langchain-tests leaves its coroutines unmarked, for projects in asyncio auto mode; its one
# synchronous test in an async suite, the check that no test is overridden, takes the mark too.
ASYNC_SUITE = [
    pytest.mark.asyncio,
    pytest.mark.filterwarnings("ignore:The test <Function test_no_overrides_DO_NOT_OVERRIDE>"),
]


class TestReferenceStoreAsync(BaseStoreAsyncTests[bytes]):
    pytestmark = ASYNC_SUITE

    @pytest.fixture
    def kv_store(self) -> InMemoryStore[bytes]:
        return InMemoryStore()

    @pytest.fixture
    def three_values(self) -> tuple[bytes, bytes, bytes]:
        return THREE_VALUES


class TestReferenceCacheSync(SyncCacheTestSuite):
    @pytest.fixture
    def cache(self) -> InMemoryCache:
        return InMemoryCache()


class TestReferenceCacheAsync(AsyncCacheTestSuite):
    pytestmark = ASYNC_SUITE

    @pytest.fixture
    def cache(self) -> InMemoryCache:
        return InMemoryCache()
