"""Multipart uploads read as a stream, refused the moment a file passes the limit.

The file is kept in memory only (never a temporary file): the blob store encrypts it
when the library stores it (docs/web.md, "Uploads").
"""

from __future__ import annotations

from typing import Any

import attrs
import multipart
from litestar import Request

from accredkit import AccredkitError, ValidationError, Violation
from accredkit.web._errors import too_large

__all__ = ["Upload", "read_upload"]

_FIELD_LIMIT = 4096


@attrs.frozen
class Upload:
    """A received file and the form's text fields."""

    filename: str = attrs.field(repr=False)
    data: bytes = attrs.field(repr=False)
    fields: dict[str, str] = attrs.field(repr=False)


def _malformed(detail: str) -> AccredkitError:
    return ValidationError.of(
        [
            Violation(
                "upload.malformed",
                "file",
                "Файл не получен: отправьте форму multipart/form-data с полем file.",
                f"No file received: send multipart/form-data with a file field ({detail}).",
            )
        ]
    )


async def read_upload(request: Request[Any, Any, Any], max_file: int) -> Upload:
    """Parse ``request``'s multipart body, keeping one file of at most ``max_file`` bytes.

    Raises:
        ValidationError: ``document.too_large`` (answered 413) as soon as the file
            passes ``max_file``; ``upload.malformed`` for a body that is not a form
            with one ``file`` part.
    """
    content_type = request.headers.get("content-type", "")
    kind, options = multipart.parse_options_header(content_type)
    boundary = options.get("boundary")
    if kind != "multipart/form-data" or not boundary:
        raise _malformed("not multipart/form-data")
    fields: dict[str, str] = {}
    filename: str | None = None
    chunks: list[bytes] = []
    size = 0
    current: Any = None
    text: list[bytes] = []
    try:
        parser = multipart.PushMultipartParser(boundary, max_segment_count=16)
        async for chunk in request.stream():
            for event in parser.parse(chunk):
                if isinstance(event, multipart.MultipartSegment):
                    current, text = event, []
                    if event.name == "file":
                        if filename is not None:
                            raise _malformed("more than one file")
                        filename = event.filename or ""
                elif event is None:
                    if current is not None and current.name != "file":
                        fields[current.name] = b"".join(text).decode("utf-8", "replace")
                    current = None
                elif current is not None and current.name == "file":
                    size += len(event)
                    if size > max_file:
                        raise too_large(max_file)
                    chunks.append(event)
                elif current is not None:
                    if sum(map(len, text)) + len(event) > _FIELD_LIMIT:
                        raise _malformed("a text field is too long")
                    text.append(event)
        parser.close()
    except multipart.MultipartError as error:
        raise _malformed(str(error)) from None
    if filename is None:
        raise _malformed("no file part")
    return Upload(filename, b"".join(chunks), fields)
