"""Offline checks with no cabinet: a document, a journal export, a certificate or an act."""
