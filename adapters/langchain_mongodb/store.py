"""``langchain_mongodb.docstores.MongoDBDocStore`` on one collection per namespace.

``MongoDBDocStore`` is langchain-mongodb's key-value store: ``str`` keys (the records'
``_id``) to ``Document`` values. The package has no ``MongoDBStore`` or
``MongoDBByteStore``; those live in langchain-community.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from storespec.adapters.langchain_mongodb import server
from storespec.adapters.langchain_mongodb.namespaces import collection_of
from storespec.conformance.core.namespace import Namespace

if TYPE_CHECKING:
    from langchain_mongodb.docstores import MongoDBDocStore


def factory(namespace: Namespace, **options: Any) -> Iterator[MongoDBDocStore]:
    """A ``MongoDBDocStore`` on the namespace's collection, with a client of its own."""
    from langchain_mongodb.docstores import MongoDBDocStore

    with collection_of(namespace.token) as name:
        connection = server.client()
        try:
            yield MongoDBDocStore(connection[server.database()][name])
        finally:
            connection.close()
