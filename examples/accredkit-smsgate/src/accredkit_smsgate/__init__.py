"""accredkit-smsgate: an SMS adapter for a simple HTTP JSON gateway (``smsgate://``).

The names load on first use: accredkit imports this package's plugin module on every
command, and the HTTP client is needed only by a cabinet that sends through it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accredkit_smsgate.sender import DEFAULT_TIMEOUT, TOKEN_ENV, SmsGateSender

__all__ = ["DEFAULT_TIMEOUT", "TOKEN_ENV", "SmsGateSender"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("accredkit_smsgate.sender"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
