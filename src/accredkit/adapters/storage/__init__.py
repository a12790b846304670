"""Storage engines (memory, SQLite, PostgreSQL), blob stores and protection at rest."""
