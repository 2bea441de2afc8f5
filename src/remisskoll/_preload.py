"""Imported once by the workers' fork server (workers._context), never by the pipeline itself.

Every forked worker inherits what this module loads: the pipeline's modules, the CLI's (the console
script is re-run in each worker, since CPython 3.11's fork server ignores "__main__" in its preload
list; with its imports done that costs nothing), and pdfium's list of system fonts, which pdfium
otherwise builds in every process, by reading the system's font files, on the first page that uses a
font the PDF does not embed.
"""

from __future__ import annotations

import pypdfium2

from . import cli, pipeline  # noqa: F401 — imported for the children to inherit


def _tiny_pdf() -> bytes:
    """A one-page PDF with one word in Helvetica, not embedded (as most office PDFs use some font)."""
    stream = b"BT /F1 12 Tf 72 720 Td (remisskoll) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def warm_pdfium() -> str:
    """Extract the tiny PDF's text, which makes pdfium load its font list; returns the text."""
    pdf = pypdfium2.PdfDocument(_tiny_pdf())
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        text = str(textpage.get_text_range())
        textpage.close()
        page.close()
    finally:
        pdf.close()
    return text


warm_pdfium()
