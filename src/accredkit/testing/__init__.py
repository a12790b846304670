"""Tools for testing accredkit and adapters written for it."""
