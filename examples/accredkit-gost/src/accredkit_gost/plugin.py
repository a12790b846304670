"""The hook implementation accredkit finds through the ``accredkit`` entry point.

Every accredkit command loads this module, so it imports nothing heavy: the CMS
pipeline and the OpenSSL glue load when the cabinet first checks a signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import accredkit
from accredkit.errors import ConfigurationError

if TYPE_CHECKING:
    from accredkit.adapters.esignature.cms import CmsSignatureVerifier
    from accredkit.adapters.esignature.trust import EsignatureTrust

__all__ = ["accredkit_register_esignature_verifiers", "gost_verifier"]


def gost_verifier(trust: EsignatureTrust) -> CmsSignatureVerifier:
    """accredkit's CMS pipeline on GOST cryptography from OpenSSL's GOST engine.

    Raises:
        ConfigurationError: ``config.gost_engine`` — the engine is not installed.
    """
    from accredkit.adapters.esignature.cms import CmsSignatureVerifier

    from accredkit_gost import algorithms

    if not algorithms.engine_available():
        raise ConfigurationError(
            "accredkit-gost needs the OpenSSL GOST engine: apt-get install libengine-gost-openssl",
            message_ru="Для accredkit-gost установите libengine-gost-openssl.",
            code="config.gost_engine",
        )
    return CmsSignatureVerifier(trust, algorithms.OpenSslGostAlgorithms())


@accredkit.hookimpl
def accredkit_register_esignature_verifiers(register: Callable[..., None]) -> None:
    """``gost``: detached CMS signatures with GOST R 34.10-2012 keys."""
    register("gost", gost_verifier, "GOST R 34.10-2012 / Streebog via the OpenSSL GOST engine")
