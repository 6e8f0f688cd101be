"""langchain-classic's stores: ``LocalFileStore`` and ``EncoderBackedStore``.

One module per backend: ``file_store`` and ``encoder_backed``.
"""

from __future__ import annotations

from storespec.adapters.langchain_classic.encoder_backed import ADAPTER as ENCODER_BACKED_STORE
from storespec.adapters.langchain_classic.file_store import ADAPTER as LOCAL_FILE_STORE

BACKENDS = (LOCAL_FILE_STORE, ENCODER_BACKED_STORE)

__all__ = ["BACKENDS", "ENCODER_BACKED_STORE", "LOCAL_FILE_STORE"]
