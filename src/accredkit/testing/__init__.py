"""Tools for adapter authors' tests: contract suites, strategies, sample files, a test CA, fixtures.

One contract module per port under ``contracts`` (docs/contract-suites.md). Nothing else in
``accredkit`` imports this package; the repository's own harness is ``tests/support``.
"""
