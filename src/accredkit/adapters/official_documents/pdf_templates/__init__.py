"""Layouts of the official documents, one module per document (docs/certificates.md).

``certificate.render(sheet)`` and ``act.render(sheet)`` turn a sheet into an unsigned
PDF; ``accredkit.adapters.official_documents.pdf_documents`` signs it.
"""
