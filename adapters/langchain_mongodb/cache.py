"""``langchain_mongodb.cache.MongoDBCache`` on one collection per namespace.

The cache opens its own client from the connection string and creates its collection
(with an index on prompt and llm) when it does not exist yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.langchain_mongodb import server
from storespec.adapters.langchain_mongodb.namespaces import collection_of
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_mongodb.cache import MongoDBCache


def factory(namespace: Namespace, **options: Any) -> Iterator[MongoDBCache]:
    """A ``MongoDBCache`` whose collection is the namespace's; closed after use."""
    from langchain_mongodb.cache import MongoDBCache

    with collection_of(namespace.token) as name:
        cache = MongoDBCache(
            connection_string=server.url(), collection_name=name, database_name=server.database()
        )
        try:
            yield cache
        finally:
            cache.close()
