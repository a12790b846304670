"""``typing_tests/`` names every port, so a new port cannot miss its static check."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Protocol

import accredkit.ports

TYPING_TESTS = Path(__file__).parents[2] / "typing_tests"


def _port_protocols() -> set[str]:
    names: set[str] = set()
    for module_info in pkgutil.iter_modules(accredkit.ports.__path__):
        module = importlib.import_module(f"accredkit.ports.{module_info.name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and Protocol in getattr(obj, "__mro__", ()):
                names.add(name)
    return names


def _annotations(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign):
            target = node.annotation
            if isinstance(target, ast.Subscript):
                target = target.value
            if isinstance(target, ast.Name):
                found.add(target.id)
    return found


def test_every_adapter_port_is_checked_positively() -> None:
    checked = _annotations(TYPING_TESTS / "adapters_satisfy_ports.py")
    # JournalStore and JournalDraftLike are reached through UnitOfWork.journal.
    expected = _port_protocols() - {"JournalStore", "JournalDraftLike"}
    assert expected <= checked, f"ports without a typing test: {sorted(expected - checked)}"


def test_negative_cases_carry_a_typed_ignore_on_every_line() -> None:
    source = (TYPING_TESTS / "wrong_adapters_are_rejected.py").read_text(encoding="utf-8")
    lines = [line for line in source.splitlines() if ": " in line and " = " in line]
    cases = [line for line in lines if line.startswith("    ") and "type: ignore" in line]
    assert len(cases) >= 5
    assert all(line.endswith("# type: ignore[assignment]") for line in cases)
