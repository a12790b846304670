"""``python -m benchmarks [--quick] [--json] [NAME…]``: run every benchmark module."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
from collections.abc import Iterator

from benchmarks._runner import Benchmark, Result, run


def discover() -> Iterator[Benchmark]:
    """Every ``BENCHMARKS`` list of every ``bench_*`` module, in name order."""
    import benchmarks

    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            module = importlib.import_module(f"benchmarks.{info.name}")
            yield from module.BENCHMARKS


def _show(result: Result) -> str:
    target = f"≤ {result.target:g}" if result.target is not None else "report"
    verdict = "ok" if result.ok else "OVER TARGET"
    line = (
        f"{result.name:<48} accredkit {result.accredkit * 1e6:12.2f} µs  "
        f"{result.baseline_name} {result.baseline * 1e6:12.2f} µs  "
        f"ratio {result.ratio:6.2f} ({target}) {verdict}"
    )
    for key, value in result.extra.items():
        line += f"\n    {key}: {value}"
    return line


def main(argv: list[str] | None = None) -> int:
    """Run the selected benchmarks; exit 1 when one misses its target."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="short run, fewer repeats")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--scale",
        choices=["default", "full"],
        help="size of the scale benchmarks: 100,000 applications (default) or 1,000,000",
    )
    parser.add_argument("names", nargs="*", help="only benchmarks whose name contains one")
    args = parser.parse_args(argv)
    if args.scale:
        os.environ["ACCREDKIT_BENCH_SCALE"] = args.scale
    results = []
    broken = []
    for bench in discover():
        if args.names and not any(n in bench.name for n in args.names):
            continue
        try:
            result = run(bench, quick=args.quick)
        except Exception as error:  # one broken benchmark must not hide the others
            broken.append(bench.name)
            print(f"{bench.name}: ERROR {type(error).__name__}: {error}", file=sys.stderr)
            continue
        results.append(result)
        if not args.json:
            print(_show(result), flush=True)
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=2))
    return 0 if all(r.ok for r in results) and not broken else 1


if __name__ == "__main__":
    sys.exit(main())
