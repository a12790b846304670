"""Reading a CMS signature first must not hide attribute names from the PAdES signer.

asn1crypto builds an OID type's name lookup at its first use; ``signing_certificate_v2``
is added by ``asn1crypto.tsp``. A process that read a login signature before it signed a
certificate's PDF failed with "invalid literal for int()" (docs/esignature.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import accredkit

_PROBE = """
from accredkit.adapters.esignature import cms_signed_data
from asn1crypto import cms
cms.CMSAttributeType("content_type")        # the first use builds the name lookup
print(cms.CMSAttributeType("signing_certificate_v2").dotted)
"""


def test_signing_certificate_v2_is_known_after_a_signature_was_read() -> None:
    source = str(Path(accredkit.__file__).parents[1])
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": source},
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "1.2.840.113549.1.9.16.2.47"
