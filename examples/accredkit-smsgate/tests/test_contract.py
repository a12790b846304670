"""The shipped SMS sender contract, run against the fake gateway."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from accredkit.testing.contracts import SmsSenderContract

from accredkit_smsgate import SmsGateSender
from accredkit_smsgate.testing import FakeGateway


class TestSmsGateContract(SmsSenderContract[SmsGateSender]):
    @pytest.fixture
    def sms(self, gateway: FakeGateway) -> Iterator[SmsGateSender]:
        yield SmsGateSender.from_url(gateway.url())

    @pytest.fixture
    def delivered(self, gateway: FakeGateway) -> Callable[[], list[tuple[str, str]]]:
        return gateway.messages

    @pytest.fixture
    def broken_sms(self, broken_gateway: FakeGateway) -> Iterator[SmsGateSender]:
        yield SmsGateSender.from_url(broken_gateway.url())
