"""OpenAPI links: where the id in an answer leads next (docs/web.md, "OpenAPI").

A client reading the document (and schemathesis's stateful tests) learns that the
``id`` a created application answers with is the ``application_id`` of the calls on
that application: read it, its status and timeline, submit or withdraw it, its
messages. The links ride on the create operation's 201 answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.spec import Link, OpenAPIResponse, Operation

__all__ = ["APPLICATION_LINKS", "CreatedApplication"]

_APPLICATION = "/api/v1/applications/{application_id}"

APPLICATION_LINKS: dict[str, tuple[str, str]] = {
    "get": ("", "get"),
    "status": ("/status", "get"),
    "timeline": ("/timeline", "get"),
    "submit": ("/submit", "post"),
    "withdraw": ("/withdraw", "post"),
    "messages": ("/messages", "get"),
}
"""Link name → (path after the application's, method)."""


def _operation_ref(path: str, method: str) -> str:
    """A JSON pointer to the operation (RFC 6901: ``/`` is written ``~1``)."""
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


@dataclass
class CreatedApplication(Operation):
    """The create operation, its 201 answer linked to the calls on the new application."""

    def __post_init__(self) -> None:
        created = (self.responses or {}).get("201")
        if not isinstance(created, OpenAPIResponse):  # pragma: no cover - a wiring mistake
            raise TypeError("the create operation answers 201")
        created.links = {
            name: Link(
                operation_ref=_operation_ref(_APPLICATION + tail, method),
                parameters={"application_id": "$response.body#/id"},
                description=f"The {name} call on the application just opened.",
            )
            for name, (tail, method) in APPLICATION_LINKS.items()
        }
