"""People's accounts: registration, login, sessions, second factors, identity documents."""
