"""The document inspector: libmagic, qpdf, PDFium and Pillow under a work budget."""
