"""The pure domain: rules and aggregates, no I/O, no clock reads, no adapters."""
