"""Limits on what an import accepts, so a bad or hostile file is refused instead of filling the disk or memory.

They are generous for real evaluation data: the largest realistic input is a national survey export
with tens of thousands of rows, or a Word report of a few hundred pages (a few MB).
"""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file of a kind not in MAX_BYTES (200 MB)."""

MAX_BYTES = {
    ".txt": 4 * 1024 * 1024, ".md": 4 * 1024 * 1024, ".docx": 8 * 1024 * 1024,
    ".csv": 8 * 1024 * 1024, ".xlsx": 8 * 1024 * 1024, ".qdpx": 16 * 1024 * 1024,
}
"""Largest file an import reads, per kind, checked from the file size before reading."""

MAX_TEXT_CHARS = 2_000_000
"""Most characters of text one import analyses: a report, a mailbox export's answers, all sources of a
.qdpx together (about 300,000 words; a long evaluation report has 50,000). Sentence analysis is what
costs, so this is the limit that keeps an import under a minute and 2 GB (bench/limits_bench.py)."""

MAX_ROWS = 200_000
"""Most respondent rows in one mailbox export."""

MAX_COLUMNS = 5_000
"""Most columns in one mailbox export (a long LimeSurvey or Qualtrics export has a few hundred to a few
thousand); beyond it the file is refused before any column is judged."""

MAX_ZIP_MEMBERS = 5_000
"""Most parts a .docx/.xlsx package may list."""

MAX_UNPACKED_BYTES = 500 * 1024 * 1024
"""Largest total uncompressed size a .docx/.xlsx may declare (500 MB), checked before unpacking."""

MAX_COMPRESSION_RATIO = 200
"""Largest uncompressed/compressed ratio of one part bigger than RATIO_FLOOR_BYTES (XML is ~5-20)."""

RATIO_FLOOR_BYTES = 1024 * 1024
"""Parts smaller than this (1 MB unpacked) are not ratio-checked: tiny parts compress very well."""

MAX_XML_DEPTH = 100
"""Deepest element nesting a REFI-QDA file (.qdc, .qdpx) may have; a real codebook is under 10 deep.
Deeper files are refused while parsing, before the codebook reader would recurse into them."""

MAX_YAML_BYTES = 1024 * 1024
"""Largest YAML file or text read: a codebook, a mailbox column mapping or a speaker mapping (1 MB;
the largest shipped codebook is about 40 KB, a mapping a few KB). Checked before reading the file."""

MAX_YAML_NESTING = 100
"""Deepest list/mapping nesting of that YAML, checked on the event stream before anything is built."""

MAX_YAML_ALIASES = 0
"""YAML aliases (`*name`) that YAML may use: none. Aliases can multiply a small file into gigabytes
(the "billion laughs"), and no codebook or mapping needs them."""

MAX_QDC_BYTES = 4 * 1024 * 1024
"""Largest REFI-QDA codebook (.qdc) read (4 MB: some 30,000 codes with short descriptions, as many as
the 1 MB YAML limit allows). Checked from the file size before reading."""

MAX_QDE_BYTES = 32 * 1024 * 1024
"""Largest project.qde inside a .qdpx, unpacked (32 MB), checked from the zip's directory before it is
parsed: the parsed XML tree takes several times the file in memory."""

MAX_QDPX_CODINGS = 20_000
"""Most codings one .qdpx import adds (each is checked against its code and speaker one by one)."""
