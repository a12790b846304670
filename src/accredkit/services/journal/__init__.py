"""The journal use cases and the one table that derives entries from events."""
