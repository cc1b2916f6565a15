"""Use cases: flows call these with plain values; they return dataclasses or raise
:mod:`domain.errors`. Each opens its own short transaction."""
