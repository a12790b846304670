"""The accounts use cases: from registration to a verified account, organisations and staff."""
