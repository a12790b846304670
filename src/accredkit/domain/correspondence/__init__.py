"""Correspondence: the outbox and its templates, application messages, support tickets."""
