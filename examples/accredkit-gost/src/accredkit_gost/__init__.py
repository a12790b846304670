"""GOST R 34.10-2012 e-signatures (256 and 512 bit keys, Streebog digests) for accredkit.

The names load on first use: accredkit imports this package's plugin module on every
command, and the OpenSSL glue is needed only to check a signature.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accredkit_gost.algorithms import (
        GOST_KEY_ALGORITHMS,
        OpenSslGostAlgorithms,
        engine_available,
    )

__all__ = ["GOST_KEY_ALGORITHMS", "OpenSslGostAlgorithms", "engine_available"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("accredkit_gost.algorithms"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
