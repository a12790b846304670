"""A module imported at the first name read from it, for names only some calls need.

A one-shot command pays for every class it imports (``docs/benchmarks.md``, "Start-up"):
the account aggregate is decoded on every signed-in call, but its events are made only
when it changes. The module holding them is imported on the first ``ev.Name`` instead
of with the aggregate; the type checker sees an ordinary import (``TYPE_CHECKING``).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

__all__ = ["ModuleOnFirstUse"]


class ModuleOnFirstUse:
    """Stands for the module ``name``: imports it when a name is first read from it.

    Importing takes the interpreter's import lock, so threads that race here get the
    one module.
    """

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"
