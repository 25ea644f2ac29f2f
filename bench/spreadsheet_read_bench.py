"""What reading a hostile spreadsheet costs: time and peak memory of `read_file`.

Two files, generated here: a CSV of tiny cells at the size limit (19 MB of `a,a,…`), and
a 1.5 KB XLSX whose sheet declares A1:XFD1048576 and holds a row at line 1,048,576.
Each is read in a fresh process; prints seconds, the peak of Python's allocations
(tracemalloc) and the process's peak RSS, and what the reader answered. Asserts nothing.

    python bench/spreadsheet_read_bench.py
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tiny_cells_csv() -> bytes:
    row = ",".join(["a"] * 40) + "\r\n"
    header = ",".join(f"c{n}" for n in range(40)) + "\r\n"
    count = (19 * 1024 * 1024) // len(row)
    return (header + row * count).encode()


def last_row_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Accounts"
    book.active.append(["Name", "Type"])
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as sink:
        for entry in source.infolist():
            body = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(
                    r'<dimension ref="[^"]*"\s*/>',
                    '<dimension ref="A1:XFD1048576"/>',
                    body.decode(),
                )
                body = text.replace(
                    "</sheetData>",
                    '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
                ).encode()
            sink.writestr(entry.filename, body)
    return out.getvalue()


def measure(path: str) -> dict[str, object]:
    import django

    django.setup()
    from partnerfolio.spreadsheets.reading import RefusedFile, read_file

    data = Path(path).read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        book = read_file(data, path)
        answer = f"read: {sum(len(t.rows) for t in book.tables):,} rows"
    except RefusedFile as error:
        answer = f"refused: {error}"
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "bytes": len(data),
        "s": took,
        "peak_mb": peak / 2**20,
        "rss_mb": rss / 2**20,
        "answer": answer,
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
        return
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "partnerfolio.config.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT / "src"), env.get("PYTHONPATH"))))
    with tempfile.TemporaryDirectory() as folder:
        env["PARTNERFOLIO_DATA_DIR"] = folder
        for name, data in (
            ("tiny-cells.csv", tiny_cells_csv()),
            ("last-row.xlsx", last_row_xlsx()),
        ):
            path = Path(folder) / name
            path.write_bytes(data)
            result = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if result.returncode:
                print(f"{name}: failed\n{result.stderr}")
                continue
            f = json.loads(result.stdout.splitlines()[-1])
            print(
                f"{name:15} {f['bytes']:>12,} bytes  {f['s']:6.2f} s  "
                f"peak {f['peak_mb']:7.1f} MB allocated, {f['rss_mb']:7.1f} MB RSS  {f['answer'][:110]}"
            )


if __name__ == "__main__":
    main()
