"""Workbooks built byte by byte for the xlsx budget tests (test_xlsx_budgets.py), and the reading of one in a
child process with an address-space limit."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.bad_input_helpers import (
    DEM,
)

ROOT = Path(__file__).resolve().parents[1]
# Address space of the child: its thread pools reserve far more than they use, so the limit protects the
# runner while the resident peak is what is asserted (1.5 GiB).
LIMIT = 4 << 30
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from pathlib import Path
from pipelines.ingest.readers import UnreadableFile, read_file
from pipelines.ingest.bilan_text import ingest_summary
try:
    tables = read_file(Path(sys.argv[1]), "classeur.xlsx")
    out = {"feuilles": [[t.sheet, t.notes, t.frame.height] for t in tables]}
except UnreadableFile as exc:
    out = {"refus": str(exc)}
# VmHWM is this program's own peak: ru_maxrss keeps, across exec, the resident size of the parent it was
# forked from (a test runner of 1.9 GiB made every workbook look that big).
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
out["pic_mio"] = int(hwm.split()[1]) / 1024
print(json.dumps(out, ensure_ascii=False))
"""


def read_in_child(path: Path) -> dict:
    """read_file on `path` in a child process limited to 4 GiB; its result, its peak resident memory checked."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(LIMIT)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["pic_mio"] < 1536, out
    return out


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def rows_xml(rows: list[list[str]], first: int = 1) -> str:
    """Rows of inline-text cells from column A, the first one at sheet row `first`."""
    out = []
    for i, row in enumerate(rows):
        r = first + i
        cells = "".join(inline(f"{chr(65 + j)}{r}", v) for j, v in enumerate(row) if v != "")
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def workbook(
    sheets: dict[str, str],
    *,
    shared: list[str] | None = None,
    extra: dict[str, str] | None = None,
    dimension: str | None = None,
    states: dict[str, str] | None = None,
) -> bytes:
    """A minimal valid xlsx: each sheet given by the inside of its <sheetData> (`extra`: XML after it)."""
    buffer = io.BytesIO()
    names = list(sheets)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(names))
        )
        if shared is not None:
            overrides += (
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/'
            'xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        listed = "".join(
            f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"'
            + (f' state="{states[n]}"' if states and n in states else "")
            + "/>"
            for i, n in enumerate(names)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" '
            f'xmlns:r="{REL_NS}"><sheets>{listed}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        if shared is not None:
            rels += f'<Relationship Id="rId{len(names) + 1}" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
            f'schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, (name, body) in enumerate(sheets.items()):
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                f'xmlns="{NS}">{dim}<sheetData>{body}</sheetData>{(extra or {}).get(name, "")}</worksheet>',
            )
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">{items}</sst>')
    return buffer.getvalue()


def rewrite(data: bytes, parts: dict[str, str]) -> bytes:
    """The workbook with some parts replaced (compressed at the highest level, as a bomb would be)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = parts[item.filename].encode() if item.filename in parts else src.read(item)
            dst.writestr(item.filename, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


DATA = [DEM, ["D3", "17/01/2024", "ASSLL", "Cognac"], ["D4", "18/01/2024", "ASSLL", "Cognac"]]
