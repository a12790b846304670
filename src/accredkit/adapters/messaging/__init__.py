"""Senders of SMS and e-mail: SMTP, and the development senders."""
