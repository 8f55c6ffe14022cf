"""A codebook at the YAML size limit imports in linear time (25,000 codes took 91 s; tree order was quadratic)."""

from __future__ import annotations

import time

from coding.codebooks import operations as codebook_ops
from coding.files.limits import MAX_YAML_BYTES
from coding.store.project import open_project
from tests import dbrows

CODES = 25_000


def test_a_25000_code_yaml_codebook_imports_in_well_under_a_minute(tmp_path):
    lines = ["id: groot", "title: Groot", 'version: "1"', "codes:"]
    for i in range(CODES):  # 500 themes of 50 codes, parents by reference; the file stays under 1 MB
        lines.append(f"- {{id: t{i}, label: T}}" if i % 50 == 0 else f"- {{id: c{i}, label: C, parent: t{i - i % 50}}}")
    path = tmp_path / "groot.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size <= MAX_YAML_BYTES
    with open_project(tmp_path / "p.werkbank", create=True) as project:
        started = time.perf_counter()
        codebook_ops.import_file(project, "t", path)
        seconds = time.perf_counter() - started
        assert dbrows.count(project, "codes") == CODES
        assert dbrows.count(project, "codes", "parent_id IS NULL") == CODES // 50
    assert seconds < 45, f"{seconds:.1f} s"
