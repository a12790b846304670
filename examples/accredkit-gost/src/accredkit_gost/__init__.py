"""GOST R 34.10-2012 e-signatures (256 and 512 bit keys, Streebog digests) for accredkit."""

from __future__ import annotations

from accredkit_gost.algorithms import GOST_KEY_ALGORITHMS, OpenSslGostAlgorithms, engine_available

__all__ = ["GOST_KEY_ALGORITHMS", "OpenSslGostAlgorithms", "engine_available"]
