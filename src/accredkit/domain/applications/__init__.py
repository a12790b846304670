"""Applications: the accreditation types, eligibility, and the lifecycle table."""
