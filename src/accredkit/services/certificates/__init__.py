"""Certificates and acts, issued inside a decision's unit of work, then shown and exported."""
