"""Messaging (переписка): one thread per application between the applicant and the body.

Visibility follows the application (``applications.load_visible``): whoever may not see it gets the
same ``NotFound`` as for a missing one. Attachments pass the document rules before
anything is stored; one bad file refuses the whole message with every violation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs

from accredkit.domain.applications.application import Application
from accredkit.domain.applications.lifecycle import Role
from accredkit.domain.authority.actors import Actor
from accredkit.domain.correspondence.messages import (
    Message,
    MessageAttachment,
    MessageSent,
    MessageSide,
    MessagesRead,
    attachment_count_violations,
    normalise_text,
    side_of,
    text_violations,
)
from accredkit.domain.documents.formats import DocumentKind
from accredkit.domain.documents.rules import DocumentPolicy, evaluate
from accredkit.errors import Conflict, NotFound, ValidationError, Violation
from accredkit.ports.blobs import BlobStore
from accredkit.ports.clock import Clock
from accredkit.ports.inspection import DocumentInspector
from accredkit.ports.randomness import RandomSource
from accredkit.ports.storage import Storage
from accredkit.services.applications.moves import application_subject, load_visible
from accredkit.services.authority import Authority
from accredkit.services.correspondence.queueing import notify_account
from accredkit.services.correspondence.reminders import ContactInUnit
from accredkit.services.journal.table import happened
from accredkit.services.schema import APPLICATIONS, MESSAGES, MessageQuery
from accredkit.services.screening import screened

__all__ = ["MessageService", "Upload"]

Upload = tuple[str, bytes]
"""An attached file as the user sent it: ``(file name, bytes)``."""

_READ_ATTEMPTS = 3
_BODY_ROLES = (Role.REVIEWER, Role.APPROVER, Role.OPERATOR)


@screened
class MessageService:
    """Send and read messages in an application's thread; count what is unread.

    Args:
        storage: Where messages and applications live.
        blobs: Where attachment bytes go (content-addressed).
        inspector: Reads an attachment's bytes into facts for the document rules.
        policy: The document rules attachments must pass.
        clock: The current time.
        random: Message ids.
        authority: who reaches which thread (``docs/authority.md``).
        contacts: where the applicant hears of a staff message (none: no notice).
    """

    def __init__(
        self,
        storage: Storage,
        blobs: BlobStore,
        inspector: DocumentInspector,
        policy: DocumentPolicy,
        clock: Clock,
        random: RandomSource,
        authority: Authority,
        *,
        contacts: ContactInUnit | None = None,
    ) -> None:
        self._contacts = contacts
        self._storage = storage
        self._blobs = blobs
        self._inspector = inspector
        self._policy = policy
        self._clock = clock
        self._random = random
        self._authority = authority

    def send(
        self,
        actor: Actor,
        application_id: str,
        text: str,
        attachments: Sequence[Upload] = (),
    ) -> Message:
        """Send a message in the thread of ``application_id``.

        Args:
            actor: The author: the applicant or a representative, or body staff.
            application_id: Whose thread.
            text: The message (non-empty, ≤ 4000 characters, no control characters
                except newlines).
            attachments: Files as ``(name, bytes)``; each is checked like a document.

        Returns:
            The stored message (version 1).

        Raises:
            PermissionDenied: the system role does not write messages.
            NotFound: no such application, or ``actor`` may not see it
                (``application.not_found``, the same in both cases).
            ValidationError: the text or any attachment breaks a rule; every violation is
                listed (attachment fields as ``attachments[i].field``) and nothing is stored.
        """
        now = self._clock.now()
        with self._storage.unit_of_work() as uow:
            actor, application, role = load_visible(
                uow, self._authority, actor, "messages.send", application_id
            )
            side = side_of(role)
            normalised = normalise_text(text)
            found = list(text_violations(normalised))
            found.extend(attachment_count_violations(len(attachments)))
            checked = self._check_attachments(attachments, found)
            if found:
                raise ValidationError.of(found, value=application_id)
            refs = tuple(
                MessageAttachment(self._blobs.put(data), filename, len(data))
                for filename, data in checked
            )
            message = Message.create(
                id=self._random.new_id(),
                application_id=application.id,
                applicant_id=application.applicant_id,
                organisation_ogrn=application.organisation_ogrn,
                author_id=actor.id,
                side=side,
                text=normalised,
                at=now,
                attachments=refs,
            )
            stored = uow.repository(MESSAGES).add(message)
            sent = MessageSent(
                stored.id, application.id, actor.id, side, now, tuple(r.sha256 for r in refs)
            )
            happened(uow, sent, actor=attrs.evolve(actor, roles=frozenset({role})))
            if side is MessageSide.BODY:  # the applicant hears of a staff message, once
                notify_account(
                    uow,
                    self._contacts,
                    application.applicant_id,
                    template="message.received",
                    params={"application": application.id[:8].upper()},
                    now=now,
                    dedup_key=f"message-received:{stored.id}",
                )
            uow.commit()
        return stored

    def _check_attachments(
        self, attachments: Sequence[Upload], found: list[Violation]
    ) -> list[tuple[str, bytes]]:
        """Run every attachment through the document rules, adding their violations."""
        checked = []
        for index, (filename, data) in enumerate(attachments):
            content = bytes(data)
            facts = self._inspector.inspect(content, filename)
            report = evaluate(facts, filename, DocumentKind.OTHER, self._policy)
            found.extend(
                attrs.evolve(v, field=f"attachments[{index}].{v.field}") for v in report.violations
            )
            checked.append((filename, content))
        return checked

    def thread(self, actor: Actor, application_id: str) -> list[Message]:
        """The thread of ``application_id``, oldest first; marks the other side's as read.

        Args:
            actor: The reader.
            application_id: Whose thread.

        Returns:
            Every message, with the ones this reader just read carrying ``read_at``.

        Raises:
            PermissionDenied: the system role does not read conversations.
            NotFound: no such application, or ``actor`` may not see it.
        """
        return self._read_thread(actor, application_id, "messages.thread")[1]

    def thread_with_application(
        self, actor: Actor, application_id: str
    ) -> tuple[Application, list[Message]]:
        """The application and its thread in one reading, as ``thread`` marks them read.

        What a page showing both needs: one pass of the gate and one read of the
        application, where ``applications.get`` and ``thread`` take two of each.

        Raises:
            PermissionDenied: the system role does not read conversations.
            NotFound: no such application, or ``actor`` may not see it.
        """
        return self._read_thread(actor, application_id, "messages.thread_with_application")

    def _read_thread(
        self, actor: Actor, application_id: str, action: str
    ) -> tuple[Application, list[Message]]:
        for attempt in range(_READ_ATTEMPTS):
            try:
                return self._read_thread_once(actor, application_id, action)
            except Conflict:  # another reader of this side marked them first
                if attempt == _READ_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _read_thread_once(
        self, actor: Actor, application_id: str, action: str
    ) -> tuple[Application, list[Message]]:
        now = self._clock.now()
        with self._storage.unit_of_work() as uow:
            actor, application, role = load_visible(
                uow, self._authority, actor, action, application_id
            )
            side = side_of(role)
            repo = uow.repository(MESSAGES)
            messages = repo.query({"application_id": application_id}, order_by="sent_at")
            fresh = [m for m in messages if m.side is side.other and m.unread]
            if not fresh:
                return application, messages
            marked = {m.id: repo.update(m.mark_read(actor.id, now)) for m in fresh}
            read = MessagesRead(application_id, tuple(sorted(marked)), side, now)
            happened(uow, read, actor=attrs.evolve(actor, roles=frozenset({role})))
            uow.commit()
        return application, [marked.get(m.id, m) for m in messages]

    def attachment(self, actor: Actor, message_id: str, sha256: str) -> bytes:
        """The bytes of a file sent with a message, for those who may read the message.

        The same row of the permission table as the thread (``docs/authority.md``): the
        applicant (or a representative of the organisation) and the body's staff; an
        applicant who may not see it gets ``NotFound`` as if there were no such message.

        Raises:
            PermissionDenied: a role without a part in conversations (the system), or a
                staff member out of reach.
            NotFound: ``message.not_found`` (no such message, or ``actor`` may not see
                it) or ``message.attachment_not_found`` (the message has no such file).
        """
        with self._storage.unit_of_work() as uow:
            admitted = self._authority.admit(uow, actor, "messages.attachment")
            message = uow.repository(MESSAGES).find(message_id)
            application = (
                None
                if message is None
                else uow.repository(APPLICATIONS).find(message.application_id)
            )
            missing = NotFound(
                f"message {message_id!r} not found",
                message_ru="Сообщение не найдено.",
                code="message.not_found",
                value=message_id,
            )
            subject = None if application is None else application_subject(application)
            self._authority.reach(admitted, "messages.attachment", subject, missing)
        assert message is not None  # reach refused a missing one
        if not any(ref.sha256 == sha256 for ref in message.attachments):
            raise NotFound(
                "no such file on this message",
                message_ru="Файл не найден.",
                code="message.attachment_not_found",
                value=sha256,
            )
        return self._blobs.get(sha256)

    def unread(self, actor: Actor) -> dict[str, int]:
        """How many messages from the other side ``actor`` has not read, per application.

        Reads index columns only (no message is decoded). Applications without unread
        messages are left out.

        Raises:
            PermissionDenied: the system role takes no part in conversations.
        """
        with self._storage.unit_of_work() as uow:
            actor = self._authority.admit(uow, actor, "messages.unread")
            side = MessageSide.BODY if actor.holds(*_BODY_ROLES) else MessageSide.APPLICANT
            unread: MessageQuery = {"side": side.other, "read_at": None}
            repo = uow.repository(MESSAGES)
            if side is MessageSide.BODY:
                rows = repo.values(("id", "application_id"), unread)
            else:
                mine: MessageQuery = {**unread, "applicant_id": actor.id}
                rows = repo.values(("id", "application_id"), mine)
                if actor.organisation_ogrn is not None:
                    where: MessageQuery = {**unread, "organisation_ogrn": actor.organisation_ogrn}
                    rows = list(
                        dict.fromkeys([*rows, *repo.values(("id", "application_id"), where)])
                    )
        return dict(Counter(str(application_id) for _, application_id in rows))

    def unread_count(self, actor: Actor, application_id: str) -> int:
        """How many messages from the other side in this thread ``actor`` has not read.

        Raises:
            PermissionDenied: the system role takes no part in conversations.
            NotFound: no such application, or ``actor`` may not see it.
        """
        with self._storage.unit_of_work() as uow:
            _, _, role = load_visible(
                uow, self._authority, actor, "messages.unread_count", application_id
            )
            side = side_of(role)
            return uow.repository(MESSAGES).count(
                {"application_id": application_id, "side": side.other, "read_at": None}
            )
