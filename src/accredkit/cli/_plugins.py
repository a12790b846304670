"""``accredkit plugins``: every adapter by port (e-signature verifiers too), with its source."""

from __future__ import annotations

import argparse
from typing import Any

from accredkit.cli._output import Output
from accredkit.plugins.manager import collect_adapters, get_plugin_manager


def register(commands: Any) -> None:
    """Add the command to the parser."""
    parser = commands.add_parser("plugins", help="list adapters by port and their source")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, out: Output) -> int:
    """List adapters; exit 0."""
    pm = get_plugin_manager()
    adapters = collect_adapters(pm)
    rows = [
        {
            "port": info.port,
            "scheme": info.scheme,
            "plugin": info.plugin,
            "distribution": info.distribution,
            "description": info.description,
        }
        for info in adapters.all()
    ]
    rows += [
        {
            "port": "esignature",
            "scheme": info.name,
            "plugin": info.plugin,
            "distribution": info.distribution,
            "description": info.description,
        }
        for info in adapters.esignature_verifiers
    ]
    catalogues = [
        {"catalogue": getattr(c, "name", repr(c)), "plugin": plugin}
        for c, plugin in adapters.catalogues
    ]
    if out.json_mode:
        out.document({"adapters": rows, "catalogues": catalogues})
        return 0
    out.table(
        ("port", "scheme", "distribution", "plugin", "description"),
        [
            (r["port"], f"{r['scheme']}:", r["distribution"] or "-", r["plugin"], r["description"])
            for r in rows
        ],
    )
    return 0
