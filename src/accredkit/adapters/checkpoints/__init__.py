"""Where the journal's checkpoint is kept: memory, a file, or a file and a witness."""
