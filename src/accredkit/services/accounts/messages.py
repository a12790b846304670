"""A short message the accounts use cases keep for the host (an undelivered notice).

One-time codes and security notices go through the transactional outbox with the
templates of ``accredkit.domain.correspondence.templates`` (``services/code_delivery``).
"""

from __future__ import annotations

import attrs

from accredkit.domain.masks import mask_text

__all__ = ["Message"]


@attrs.frozen
class Message:
    """A short message: a subject (for e-mail) and a body."""

    subject: str = attrs.field(repr=mask_text)
    body: str = attrs.field(repr=mask_text)
