"""One schema: every collection in ``services/schema.py``, its indexes declared as a query type."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, TypedDict

import attrs
import pytest

import accredkit.services
from accredkit.ports.storage import Collection
from accredkit.services import schema


def test_the_schema_lists_every_collection_it_names_once() -> None:
    named = {id(getattr(schema, n)) for n in schema.__all__ if n.isupper()}
    built = schema.collections()
    assert {id(c) for c in built} == named  # the same objects, however they are reached
    assert len({c.name for c in built}) == len(built) == len(named)
    assert all(isinstance(c, Collection) for c in built)


def _schema() -> list[Collection[Any]]:
    return list(schema.collections())  # each built on first use: not all in vars() yet


def test_no_service_module_declares_a_collection_of_its_own() -> None:
    declared = {id(c) for c in _schema()}
    for info in pkgutil.walk_packages(accredkit.services.__path__, "accredkit.services."):
        for name, value in vars(importlib.import_module(info.name)).items():
            if isinstance(value, Collection):
                assert id(value) in declared, f"{info.name}.{name} is not in the schema"


@pytest.mark.parametrize("collection", _schema(), ids=lambda c: c.name)
def test_every_indexed_collection_declares_its_query_type(collection: Collection[Any]) -> None:
    if not collection.indexes:
        assert collection.where is None
        return
    assert collection.where is not None
    assert collection.indexes == tuple(collection.where.__annotations__)
    fields = {f.name for f in attrs.fields(collection.type)}
    assert set(collection.indexes) <= fields


@attrs.frozen
class _Row:
    id: str
    version: int
    owner: str
    kind: str


class _RowQuery(TypedDict, total=False):
    owner: str


def test_a_query_type_is_the_index_declaration() -> None:
    rows = Collection("rows", _Row, where=_RowQuery)
    assert rows.indexes == ("owner",)
    assert Collection("rows", _Row, where=_RowQuery, indexes=("owner",)).indexes == ("owner",)


def test_indexes_that_contradict_the_query_type_are_refused() -> None:
    with pytest.raises(ValueError, match="differ"):
        Collection("rows", _Row, where=_RowQuery, indexes=("kind",))
