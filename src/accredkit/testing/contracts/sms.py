"""The contract suite for ``SmsSender`` adapters, checked at the gateway's end.

Subclass it and provide three fixtures: ``sms`` (a sender wired to a working test
gateway), ``delivered`` (what that gateway received) and ``broken_sms`` (a sender whose
gateway fails); ``examples/accredkit-smsgate/tests/test_contract.py`` does so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

import pytest

from accredkit.domain.contacts import Phone
from accredkit.errors import PortUnavailable
from accredkit.ports.sms import SmsSender

__all__ = ["SmsSenderContract"]

M = TypeVar("M", bound=SmsSender)


class SmsSenderContract(Generic[M]):
    """What every SMS sender must do. ``delivered()`` reads what really arrived."""

    @pytest.fixture
    def sms(self) -> Iterator[M]:
        """Yield a sender wired to a working test gateway; override in your class."""
        raise NotImplementedError("provide an `sms` fixture")

    @pytest.fixture
    def delivered(self) -> Callable[[], list[tuple[str, str]]]:
        """Return a callable listing ``(phone E.164, text)`` the gateway received."""
        raise NotImplementedError("provide a `delivered` fixture")

    @pytest.fixture
    def broken_sms(self) -> Iterator[M]:
        """Yield a sender whose gateway fails; override in your class."""
        raise NotImplementedError("provide a `broken_sms` fixture")

    def test_message_arrives_once_with_its_text(
        self, sms: M, delivered: Callable[[], list[tuple[str, str]]]
    ) -> None:
        sms.send(Phone.parse("+7 912 345-67-89"), "Код подтверждения: 123456")
        assert delivered() == [("+79123456789", "Код подтверждения: 123456")]

    def test_failing_gateway_raises_port_unavailable(self, broken_sms: M) -> None:
        with pytest.raises(PortUnavailable):
            broken_sms.send(Phone.parse("+79123456789"), "x")
