"""The status page's document list, worked out in Python rather than in the template.

Each required kind becomes one row: its title in the page's language, the files
attached under it, whether the upload form is offered and the refusal of the last
upload. The template then only lays the rows out, so a page with many kinds costs no
nested loop and no call per kind in Jinja (docs/web.md, "Pages"). The rows are named
tuples: they are built on every view, where a frozen class costs more to make.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from accredkit import EDITABLE_STATES, Application
from accredkit.web._i18n import translate
from accredkit.web._pages import FormError

__all__ = ["AttachedFile", "DocumentRow", "document_rows"]


class AttachedFile(NamedTuple):
    """A file attached under a kind: its digest, its name and its size in KiB."""

    sha256: str
    filename: str
    kib: float


class DocumentRow(NamedTuple):
    """One required kind of an application, as its row on the status page."""

    kind: str
    title: str
    files: tuple[AttachedFile, ...]
    upload: bool
    """The upload form is offered: the application is editable and nothing is attached."""
    error: FormError | None


def document_rows(
    application: Application, upload_errors: Mapping[str, FormError], lang: str
) -> list[DocumentRow]:
    """The rows of ``application``'s required kinds, in the order the type lists them."""
    by_kind: dict[str, list[AttachedFile]] = {}
    for d in application.documents:
        by_kind.setdefault(d.kind, []).append(
            AttachedFile(d.sha256, d.filename, round(d.size / 1024, 1))
        )
    editable = application.status in EDITABLE_STATES
    return [
        DocumentRow(
            kind=kind,
            title=translate(kind, lang),
            files=tuple(by_kind.get(kind, ())),
            upload=editable and kind not in by_kind,
            error=upload_errors.get(kind),
        )
        for kind in application.required_documents
    ]
