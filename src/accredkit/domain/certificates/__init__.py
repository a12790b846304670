"""Certificates and acts: the signed records and the sheets a person sees."""
