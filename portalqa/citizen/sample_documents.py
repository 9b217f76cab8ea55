"""Small valid files standing in for a citizen's scanned documents when an e-form asks for uploads.

Generated on the spot (no fixtures on disk): a one-page PDF, or a grey PNG where the portal only
takes images, so a portal that checks the file's type or signature accepts them.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path


def sample_document(work_dir: Path, name: str, accepted: str = "") -> Path:
    """A small valid file standing in for a scanned document: a PDF, or a PNG where only images are taken."""
    safe = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "document"
    wants_image = "pdf" not in accepted.casefold() and re.search(r"png|jpe?g|image", accepted.casefold())
    path = Path(work_dir) / f"{safe}.{'png' if wants_image else 'pdf'}"
    if not path.exists():
        path.write_bytes(_minimal_png() if wants_image else _minimal_pdf(f"Sample document: {safe}"))
    return path


def _minimal_png(width: int = 64, height: int = 80) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc8\xc8\xc8" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _minimal_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
