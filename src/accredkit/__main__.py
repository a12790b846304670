"""``python -m accredkit`` runs the command line."""

import sys

from accredkit.cli import main

sys.exit(main())
