"""How an aggregate becomes a stored row and back: JSON, index values, sealed fields.

Every engine stores rows made here (through ``_staging``), so sealing personal fields
and blinding their index values happens once for all of them (docs/personal-data.md).
"""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from accredkit.adapters.storage.field_protection import (
    SEALED_PREFIX,
    FieldProtection,
    FieldUnreadable,
)
from accredkit.converter import converter
from accredkit.domain.utc import remembered_spelling
from accredkit.ports.storage import Collection

__all__ = [
    "IndexValue",
    "decode_row",
    "encode_item",
    "index_value",
    "stored_id",
    "stored_index",
]

T = TypeVar("T")
IndexValue = str | int | None

# One encoder for every row: ``json.dumps`` with options builds a new one per call.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


@remembered_spelling
def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetimes cannot be indexed")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def index_value(value: object) -> IndexValue:
    """The comparable primitive stored in an index column for ``value``."""
    if type(value) is datetime:
        return _instant(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, enum.Enum):
        return index_value(value.value)
    if isinstance(value, datetime):
        return _instant(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _field_context(collection: Collection[Any], stored_id: str, field: str) -> str:
    return f"{collection.name}\0{stored_id}\0{field}"


def stored_id(collection: Collection[Any], id: str, protection: FieldProtection | None) -> str:
    """The row id an engine keeps for ``id``: a keyed hash when the id is personal."""
    if protection is None or "id" not in collection.blind:
        return id
    return protection.blind(f"{collection.name}\0id", id)


def stored_index(
    collection: Collection[Any], field: str, value: object, protection: FieldProtection | None
) -> IndexValue:
    """The value an engine keeps in the index column of ``field`` (blinded if personal)."""
    plain = index_value(value)
    if plain is None or protection is None or field not in collection.blind:
        return plain
    return protection.blind(f"{collection.name}\0{field}", str(plain))


def encode_item(
    collection: Collection[Any], item: object, protection: FieldProtection | None
) -> tuple[str, str, dict[str, IndexValue]]:
    """``(row id, JSON data, index values)`` of ``item`` as an engine stores them."""
    plain_id: str = item.id  # type: ignore[attr-defined]
    row_id = stored_id(collection, plain_id, protection)
    document = converter().unstructure(item)
    if protection is not None:
        for field in collection.personal:
            value = document.get(field)
            if value is not None:
                context = _field_context(collection, row_id, field)
                document[field] = protection.seal(context, _JSON.encode(value))
    data = _JSON.encode(document)
    if protection is None:
        indexes = {name: index_value(getattr(item, name)) for name in collection.indexes}
    else:
        indexes = {
            name: stored_index(collection, name, getattr(item, name), protection)
            for name in collection.indexes
        }
    return row_id, data, indexes


def decode_row(
    collection: Collection[T],
    row_id: str,
    data: str,
    protection: FieldProtection | None,
    version: int | None = None,
) -> T:
    """The aggregate stored as ``data`` in row ``row_id``, personal fields opened.

    ``version`` is the row's, when the engine keeps it beside the data (it wins over the
    data's own). A field stored before encryption was turned on still reads as written.
    """
    document = json.loads(data)
    if version is not None:
        document["version"] = version
    for field in collection.personal:
        value = document.get(field)
        if isinstance(value, str) and value.startswith(SEALED_PREFIX):
            if protection is None:
                raise FieldUnreadable(
                    f"{collection.name}: a personal field is encrypted and no data key is set",
                    message_ru="Персональные данные зашифрованы, а ключ не задан.",
                )
            context = _field_context(collection, row_id, field)
            document[field] = json.loads(protection.open(context, value))
    return converter().structure(document, collection.type)
