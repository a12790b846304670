"""The one cattrs converter for everything accredkit stores or exports.

Datetimes become ISO 8601 strings and must be timezone-aware; bytes become base64;
identifiers become their canonical text and are re-validated on the way back.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from functools import cache
from typing import Any

import cattrs
from cattrs.preconf.json import make_converter as make_json_converter

from accredkit.domain.contacts import Email, Phone
from accredkit.domain.identifiers import Inn, Ogrn, Snils
from accredkit.domain.utc import remembered_spelling

__all__ = ["converter", "make_converter"]


def _structure_datetime(value: Any, _: type) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: accredkit stores UTC-aware times")
    return moment


@remembered_spelling
def _unstructure_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: accredkit stores UTC-aware times")
    return value.isoformat()


def make_converter() -> cattrs.Converter:
    """A fresh converter with accredkit's hooks (JSON-ready output)."""
    conv = make_json_converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(datetime, _unstructure_datetime)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
    conv.register_structure_hook(
        date, lambda v, _: v if isinstance(v, date) else date.fromisoformat(v)
    )
    conv.register_unstructure_hook(bytes, lambda b: base64.b64encode(b).decode("ascii"))
    conv.register_structure_hook(
        bytes, lambda v, _: v if isinstance(v, bytes) else base64.b64decode(v, validate=True)
    )
    for identifier in (Snils, Inn, Ogrn, Phone, Email):
        conv.register_unstructure_hook(identifier, str)
        conv.register_structure_hook(identifier, lambda v, cls: cls.parse(v))
    return conv


@cache
def converter() -> cattrs.Converter:
    """The shared converter (built once, on first use)."""
    return make_converter()
