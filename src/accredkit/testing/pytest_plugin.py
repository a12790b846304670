"""pytest plugin (entry point ``pytest11``) with fixtures for hosts and adapter authors."""
