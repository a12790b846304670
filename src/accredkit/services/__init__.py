"""The application layer: use cases that run inside a unit of work."""
