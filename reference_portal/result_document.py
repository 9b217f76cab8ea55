"""The electronic result: a minimal, hand-written, valid PDF (no PDF library needed).

The page uses the standard Helvetica font, which cannot show Vietnamese diacritics, so the visible
text is transliterated to ASCII; the exact Unicode text goes into the document information
(title, subject, author) where PDF readers show it as metadata.
"""

from __future__ import annotations

import textwrap
import unicodedata

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56


def to_ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.encode("ascii", "replace").decode("ascii")


def _literal(text: str) -> str:
    """A PDF literal string: parentheses and backslashes must be escaped."""
    escaped = to_ascii(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({escaped})"


def _unicode(text: str) -> str:
    """A PDF text string in UTF-16BE with byte order mark, written as hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def build_pdf(title: str, lines: list[str], *, author: str, subject: str) -> bytes:
    content = [
        "BT",
        f"/F2 16 Tf {MARGIN} {PAGE_HEIGHT - 80} Td {_literal(title)} Tj",
        "/F1 11 Tf 16 TL 0 -36 Td",
    ]
    for line in lines:
        for part in textwrap.wrap(line, 88) or [""]:
            content.append(f"{_literal(part)} Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("ascii")

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode("ascii") + b" >>\nstream\n" + stream + b"\nendstream",
        (
            f"<< /Title {_unicode(title)} /Subject {_unicode(subject)} /Author {_unicode(author)} "
            f"/Producer (reference portal) >>"
        ).encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode("ascii")
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode("ascii")
    return bytes(out)
