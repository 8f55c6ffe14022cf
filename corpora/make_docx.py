"""Build the demo corpus's Word reports from their plain-text sources, and the manifest.

Sources live in `corpora/sources/*.txt`: a YAML front matter block (name, kind, attributes)
between `---` lines, then one paragraph per line: `# ` a title (Heading 1), `## ` a section
(Heading 2), lines starting with `|` a table row, anything else a paragraph. The .docx files
and `manifest.yaml` are written to `corpora/reports/` so the demo imports real Word files.
Run: python corpora/make_docx.py
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import yaml

HERE = Path(__file__).parent
SOURCES = HERE / "sources"
OUT = HERE / "reports"


def split_front_matter(text: str) -> tuple[dict, list[str]]:
    if not text.startswith("---\n"):
        raise ValueError("a source must start with a --- front matter block")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body.splitlines()


FIXED_TIME = datetime(2016, 6, 30, 12, 0, 0)


def save_reproducibly(document: docx.document.Document, target: Path) -> None:
    """Save with fixed dates inside, so rebuilding an unchanged source gives the same bytes."""
    props = document.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6]),
                         source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)


def build(source: Path) -> dict:
    meta, lines = split_front_matter(source.read_text(encoding="utf-8"))
    document = docx.Document()
    document.core_properties.title = meta.get("title", meta["name"])
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if table_rows:
            table = document.add_table(rows=0, cols=max(len(r) for r in table_rows))
            table.style = "Table Grid"
            for cells in table_rows:
                row = table.add_row().cells
                for i, value in enumerate(cells):
                    row[i].text = value
            table_rows.clear()

    for line in lines:
        line = line.rstrip()
        if line.startswith("|"):
            table_rows.append([c.strip() for c in line.strip("|").split("|")])
            continue
        flush_table()
        if not line:
            continue
        if line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("# "):
            document.add_heading(line[2:], level=1)
        else:
            document.add_paragraph(line)
    flush_table()
    target = OUT / f"{meta['name']}.docx"
    save_reproducibly(document, target)
    return {"file": target.name, "kind": meta["kind"], "attributes": meta.get("attributes", {})}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    entries = [build(source) for source in sorted(SOURCES.glob("*.txt"))]
    manifest = {"documents": entries}
    (OUT / "manifest.yaml").write_text(
        "# Written by corpora/make_docx.py from corpora/sources; do not edit by hand.\n"
        + yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"wrote {len(entries)} reports to {OUT}")


if __name__ == "__main__":
    main()
