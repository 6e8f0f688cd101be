"""The reference implementation of both contracts: the model every backend is compared with."""

from storespec.reference.cache import InMemoryCache
from storespec.reference.store import InMemoryStore

__all__ = ["InMemoryCache", "InMemoryStore"]
