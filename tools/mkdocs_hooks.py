"""MkDocs hooks for accredkit's site (``hooks:`` in ``mkdocs.yml``).

Pages that other branches contribute are named in the navigation ahead of time; until
their file exists they are left out, so ``mkdocs build --strict`` passes on every branch
while any other missing page is still an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

OPTIONAL_PAGES = frozenset({"lifecycle.md", "documents.md", "journal.md", "performance.md"})


def _prune(nav: list[Any], docs_dir: Path) -> list[Any]:
    kept: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            pruned: dict[str, Any] = {}
            for title, target in item.items():
                if isinstance(target, list):
                    children = _prune(target, docs_dir)
                    if children:
                        pruned[title] = children
                elif not _missing_optional(target, docs_dir):
                    pruned[title] = target
            if pruned:
                kept.append(pruned)
        elif not _missing_optional(item, docs_dir):
            kept.append(item)
    return kept


def _missing_optional(target: object, docs_dir: Path) -> bool:
    return isinstance(target, str) and target in OPTIONAL_PAGES and not (docs_dir / target).exists()


def on_config(config: Any) -> Any:
    """Drop optional pages that have not arrived yet from the navigation."""
    if config["nav"]:
        config["nav"] = _prune(config["nav"], Path(config["docs_dir"]))
    return config
