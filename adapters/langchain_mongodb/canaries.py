"""Foreign data planted beside the namespaces in the suite's MongoDB database.

A collection the suite does not own (``storespec_canary``), holding records shaped
like a ``MongoDBCache`` entry and a ``MongoDBDocStore`` record. Every namespace is a
collection named ``ss_<worker>_<16 hex digits>``, so none of them is this one.
"""

from __future__ import annotations

from typing import Any, Final

from storespec.adapters.langchain_mongodb import server

COLLECTION: Final = "storespec_canary"
RECORDS: Final[tuple[dict[str, Any], ...]] = (
    {"_id": "cache-entry", "prompt": "p", "llm": "l", "return_val": "[]"},
    {"_id": "a", "page_content": "a foreign document", "source": "elsewhere"},
)


class MongoCanary:
    """Records in a collection of their own, in the suite's database."""

    def __init__(self) -> None:
        self._created = False

    def plant(self) -> None:
        """Write the records, replacing an older canary's."""
        connection = server.client()
        try:
            database = connection[server.database()]
            self._created = COLLECTION not in database.list_collection_names()
            collection = database[COLLECTION]
            for record in RECORDS:
                collection.replace_one({"_id": record["_id"]}, record, upsert=True)
        finally:
            connection.close()

    def check(self) -> list[str]:
        """One line per record that vanished or changed."""
        connection = server.client()
        try:
            collection = connection[server.database()][COLLECTION]
            problems = []
            for record in RECORDS:
                found = collection.find_one({"_id": record["_id"]})
                if found != record:
                    what = "vanished" if found is None else f"changed to {found!r:.60}"
                    problems.append(f"mongodb: canary record {record['_id']!r} {what}")
            return problems
        finally:
            connection.close()

    def remove(self) -> None:
        """Delete exactly the records, and the collection if ``plant`` created it."""
        connection = server.client()
        try:
            collection = connection[server.database()][COLLECTION]
            collection.delete_many({"_id": {"$in": [r["_id"] for r in RECORDS]}})
            if self._created and collection.estimated_document_count() == 0:
                collection.drop()
        finally:
            connection.close()
