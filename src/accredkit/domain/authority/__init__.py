"""Who acts and what they may do: actors, staff roles and the one permission table."""
