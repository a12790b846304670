"""Notifications through the outbox, application messages, reminders and support."""
