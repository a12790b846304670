"""Uploaded documents: the facts an inspection finds and the rules that judge them."""
