"""The hook implementation accredkit finds through the ``accredkit`` entry point."""

from __future__ import annotations

from collections.abc import Callable

import accredkit
from accredkit.plugins.manager import AdapterRequest

from accredkit_smsgate.sender import SmsGateSender

__all__ = ["accredkit_register_sms_senders"]


def _create(request: AdapterRequest) -> SmsGateSender:
    return SmsGateSender.from_url(request.url)


@accredkit.hookimpl
def accredkit_register_sms_senders(register: Callable[..., None]) -> None:
    """``smsgate://host[:port]/path?token=…&tls=0|1&timeout=seconds``."""
    register("smsgate", _create, "HTTP JSON SMS gateway (accredkit-smsgate)")
