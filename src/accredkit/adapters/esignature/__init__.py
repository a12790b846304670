"""E-signature verification: CMS and X.509, trust anchors, refusals."""
