"""The contract suite for ``EmailSender`` adapters, checked at the server's end.

Subclass it and provide three fixtures: ``email`` (a sender wired to a working test
server), ``delivered`` (what that server received) and ``broken_email`` (a sender whose
server fails).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

import pytest

from accredkit.domain.contacts import Email
from accredkit.errors import PortUnavailable
from accredkit.ports.email import EmailSender

__all__ = ["EmailSenderContract"]

E = TypeVar("E", bound=EmailSender)


class EmailSenderContract(Generic[E]):
    """What every e-mail sender must do. ``delivered()`` reads what really arrived."""

    @pytest.fixture
    def email(self) -> Iterator[E]:
        """Yield a sender wired to a working test server; override in your class."""
        raise NotImplementedError("provide an `email` fixture")

    @pytest.fixture
    def delivered(self) -> Callable[[], list[tuple[str, str, str]]]:
        """Return a callable listing ``(to, subject, body)`` the server received."""
        raise NotImplementedError("provide a `delivered` fixture")

    @pytest.fixture
    def broken_email(self) -> Iterator[E]:
        """Yield a sender whose server fails; override in your class."""
        raise NotImplementedError("provide a `broken_email` fixture")

    def test_message_arrives_with_subject_and_body(
        self, email: E, delivered: Callable[[], list[tuple[str, str, str]]]
    ) -> None:
        email.send(Email.parse("doctor@clinic.ru"), "Статус заявления", "Заявление одобрено.")
        assert delivered() == [("doctor@clinic.ru", "Статус заявления", "Заявление одобрено.")]

    def test_failing_server_raises_port_unavailable(self, broken_email: E) -> None:
        with pytest.raises(PortUnavailable):
            broken_email.send(Email.parse("doctor@clinic.ru"), "s", "b")
