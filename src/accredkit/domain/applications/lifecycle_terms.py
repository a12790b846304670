"""The words of the lifecycle: statuses, triggers and roles, with the names the cabinet shows.

Kept apart from the table (``lifecycle.py``) because the events and the field changes the
table's rows name are written in these words too; ``lifecycle.py`` re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

__all__ = ["ApplicationStatus", "Role", "Trigger"]


class ApplicationStatus(StrEnum):
    """Where an application stands; the values are a contract (docs/lifecycle.md)."""

    DRAFT = "draft"  # черновик
    SUBMITTED = "submitted"  # подано
    PROCESSING = "processing"  # в обработке
    UNDER_REVIEW = "under_review"  # на согласовании
    NEEDS_INFO = "needs_info"  # требуются сведения
    APPROVED = "approved"  # одобрено
    REJECTED = "rejected"  # отклонено
    WITHDRAWN = "withdrawn"  # отозвано

    @property
    def label_ru(self) -> str:
        """The label the cabinet shows (черновик, подано, …)."""
        return _LABELS_RU[self]

    @property
    def label_en(self) -> str:
        """The English label."""
        return self.value.replace("_", " ")


_LABELS_RU: Final[Mapping[ApplicationStatus, str]] = {
    ApplicationStatus.DRAFT: "черновик",
    ApplicationStatus.SUBMITTED: "подано",
    ApplicationStatus.PROCESSING: "в обработке",
    ApplicationStatus.UNDER_REVIEW: "на согласовании",
    ApplicationStatus.NEEDS_INFO: "требуются сведения",
    ApplicationStatus.APPROVED: "одобрено",
    ApplicationStatus.REJECTED: "отклонено",
    ApplicationStatus.WITHDRAWN: "отозвано",
}


class Trigger(StrEnum):
    """What someone (or the system) does to an application."""

    SUBMIT = "submit"  # подать
    ACCEPT = "accept"  # принять в обработку
    REQUEST_INFO = "request_info"  # запросить сведения
    ANSWER = "answer"  # представить сведения
    SEND_FOR_APPROVAL = "send_for_approval"  # направить на согласование
    APPROVE = "approve"  # одобрить
    REJECT = "reject"  # отклонить
    WITHDRAW = "withdraw"  # отозвать
    EXPIRE_INFO = "expire_info"  # срок представления сведений истёк

    @property
    def label_ru(self) -> str:
        """The action as the cabinet names it (подать, отозвать, …)."""
        return _TRIGGERS_RU[self]


class Role(StrEnum):
    """Who acts: the applicant, the accrediting body's staff, or the system itself."""

    APPLICANT = "applicant"  # заявитель
    REVIEWER = "reviewer"  # эксперт, готовит рассмотрение
    APPROVER = "approver"  # аккредитационная комиссия
    OPERATOR = "operator"  # оператор
    SUPPORT = "support"  # сотрудник поддержки
    AUDITOR = "auditor"  # аудитор
    ADMINISTRATOR = "administrator"  # администратор
    SYSTEM = "system"  # автоматическая обработка

    @property
    def label_ru(self) -> str:
        """The role as the cabinet names it (заявитель, эксперт, …)."""
        return _ROLES_RU[self]


_TRIGGERS_RU: Final[Mapping[Trigger, str]] = {
    Trigger.SUBMIT: "подать",
    Trigger.ACCEPT: "принять в обработку",
    Trigger.REQUEST_INFO: "запросить сведения",
    Trigger.ANSWER: "представить сведения",
    Trigger.SEND_FOR_APPROVAL: "направить на согласование",
    Trigger.APPROVE: "одобрить",
    Trigger.REJECT: "отклонить",
    Trigger.WITHDRAW: "отозвать",
    Trigger.EXPIRE_INFO: "отозвать по истечении срока",
}
_ROLES_RU: Final[Mapping[Role, str]] = {
    Role.APPLICANT: "заявитель",
    Role.REVIEWER: "эксперт",
    Role.APPROVER: "аккредитационная комиссия",
    Role.OPERATOR: "оператор",
    Role.SUPPORT: "сотрудник поддержки",
    Role.AUDITOR: "аудитор",
    Role.ADMINISTRATOR: "администратор",
    Role.SYSTEM: "система",
}
