"""The professional register: CSV exports and an in-memory one."""
