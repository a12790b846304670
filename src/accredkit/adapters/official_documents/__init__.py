"""Official documents as signed PDFs: templates, PAdES, QR codes."""
