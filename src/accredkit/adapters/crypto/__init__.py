"""Keys, password hashing, TOTP, sealing, passkeys and randomness."""
