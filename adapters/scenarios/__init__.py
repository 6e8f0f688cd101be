"""Consumer scenarios: LangChain's own callers, on fake models, against a backend.

Each scenario drives a real consumer of the store or cache contract (model caching,
cache-backed embeddings, multi-vector and parent-document retrievers, concurrent use)
through a backend's :class:`~storespec.conformance.core.adapter.Adapter`, in a fresh
namespace, and concludes that it *works*, *breaks* (at a named step, with the exception or
the wrong result) or is *not applicable* (with the reason).

The scenarios are listed in :mod:`.catalogue`, run by :mod:`.runner`, and their results are
:class:`.outcome.ScenarioResult`. The scenarios need langchain-classic (``storespec[classic]``);
reading results does not.
"""
