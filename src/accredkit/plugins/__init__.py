"""Plugin hooks, the plugin manager and adapter lookup."""
