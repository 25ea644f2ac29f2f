"""Looking at a PDF as a reader would: its pages drawn to PNG by poppler, and its text.

`pdftoppm` and `pdftotext` come with poppler-utils, which `make test` installs when it is
missing. Without them the tests fail (they never skip): a PDF nobody looked at is not
tested.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

PDFTOPPM = "/usr/bin/pdftoppm"
PDFTOTEXT = "/usr/bin/pdftotext"
INSTALL = "poppler-utils is missing: `make test` installs it (apt-get install poppler-utils)"


def require_pdftoppm() -> str:
    if not Path(PDFTOPPM).is_file():
        pytest.fail(f"{PDFTOPPM} not found: {INSTALL}", pytrace=False)
    return PDFTOPPM


def pages_as_png(pdf: bytes, folder: Path, resolution: int = 50) -> list[Path]:
    """Every page of the PDF as a PNG at `resolution` dpi, in page order."""
    tool = require_pdftoppm()
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [tool, "-r", str(resolution), "-png", str(source), str(folder / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))


def pdf_text(pdf: bytes, folder: Path, html: str | None = None) -> str:
    """The PDF's text by pdftotext, or else the text WeasyPrint laid out for `html`;
    runs of white space (a line wrapped in a narrow cell) become one space."""
    if Path(PDFTOTEXT).is_file() or shutil.which("pdftotext"):
        source = folder / "text.pdf"
        source.write_bytes(pdf)
        done = subprocess.run(
            [PDFTOTEXT if Path(PDFTOTEXT).is_file() else "pdftotext", str(source), "-"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return " ".join(done.stdout.decode("utf-8").split())  # lines wrap in table cells
    assert html is not None, f"pdftotext not found and no HTML given: {INSTALL}"
    from weasyprint import HTML

    words: list[str] = []

    def walk(box) -> None:
        text = getattr(box, "text", None)
        if isinstance(text, str):
            words.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in HTML(string=html).render().pages:
        walk(page._page_box)
    return " ".join(" ".join(words).split())


def png_pixels(path: Path) -> tuple[int, int, int, bytes]:
    """(width, height, channels, raw pixel bytes) of an 8-bit greyscale or RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat = 8, []
    width = height = depth = colour = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    assert depth == 8, f"unexpected bit depth {depth}"
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray()
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        out += line
        previous = line
    return width, height, channels, bytes(out)


def ink(path: Path) -> float:
    """The share of a page's pixels that are not white (0 for a blank page)."""
    width, height, channels, pixels = png_pixels(path)
    colour = min(channels, 3)
    dark = sum(
        1
        for i in range(0, len(pixels), channels)
        if min(pixels[i : i + colour]) < 235  # anti-aliased near-white does not count
    )
    return dark / (width * height)
