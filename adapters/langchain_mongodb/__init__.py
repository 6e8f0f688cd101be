"""langchain-mongodb's key-value store and exact-match cache, on a MongoDB server.

- ``langchain-mongodb-docstore``: ``langchain_mongodb.docstores.MongoDBDocStore``, a
  store of ``Document`` values (the package has no bytes store).
- ``langchain-mongodb-cache``: ``langchain_mongodb.cache.MongoDBCache``.

Both need a MongoDB server at ``STORESPEC_MONGODB_URL``; ``available()`` says so when
none answers. No finding is declared: findings are declared only once a run has
shown them. ``MongoDBAtlasSemanticCache`` needs Atlas vector search and an embedding
model, and has no adapter.
"""

from __future__ import annotations

from storespec.adapters.langchain_mongodb import cache, server, store
from storespec.adapters.langchain_mongodb.canaries import MongoCanary
from storespec.adapters.langchain_mongodb.documents import DOCUMENTS
from storespec.conformance.core.adapter import Adapter
from storespec.conformance.core.capabilities import PERSISTENCE
from storespec.conformance.core.domains import FULL_TEXT, GENERATIONS

DOCSTORE = Adapter(
    name="langchain-mongodb-docstore",
    kind="store",
    factory=store.factory,
    keys=FULL_TEXT,
    values=DOCUMENTS,
    capabilities=frozenset({PERSISTENCE}),
    packages=("langchain-mongodb", "pymongo"),
    available=server.unavailable,
    servers=server.versions,
    canary=MongoCanary,
    description="langchain_mongodb.docstores.MongoDBDocStore(<collection named after the token>)",
)

CACHE = Adapter(
    name="langchain-mongodb-cache",
    kind="cache",
    factory=cache.factory,
    keys=FULL_TEXT,
    values=GENERATIONS,
    llm_strings=FULL_TEXT,
    capabilities=frozenset({PERSISTENCE}),
    packages=("langchain-mongodb", "pymongo"),
    available=server.unavailable,
    servers=server.versions,
    canary=MongoCanary,
    description="langchain_mongodb.cache.MongoDBCache(collection_name=<token>)",
)

BACKENDS = (DOCSTORE, CACHE)
