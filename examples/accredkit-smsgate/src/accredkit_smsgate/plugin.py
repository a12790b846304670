"""The hook implementation accredkit finds through the ``accredkit`` entry point.

Every accredkit command loads this module, so the HTTP client loads only when a
cabinet is configured with ``sms = "smsgate://…"``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import accredkit

if TYPE_CHECKING:
    from accredkit.plugins.manager import AdapterRequest

    from accredkit_smsgate.sender import SmsGateSender

__all__ = ["accredkit_register_sms_senders"]


def _create(request: AdapterRequest) -> SmsGateSender:
    from accredkit_smsgate.sender import SmsGateSender

    return SmsGateSender.from_url(request.url)


@accredkit.hookimpl
def accredkit_register_sms_senders(register: Callable[..., None]) -> None:
    """``smsgate://host[:port]/path?token=…&tls=0|1&timeout=seconds``."""
    register("smsgate", _create, "HTTP JSON SMS gateway (accredkit-smsgate)")
