"""Period reports and their export as files."""
