"""Ports: ``typing.Protocol`` classes, one per module, that adapters implement."""
