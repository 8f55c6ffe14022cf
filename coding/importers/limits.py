"""Limits on what an import accepts, so a bad or hostile file is refused instead of filling the disk or memory.

They are generous for real evaluation data: the largest realistic input is a national survey export
with tens of thousands of rows, or a Word report of a few hundred pages (a few MB).
"""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Largest file an import reads (200 MB)."""

MAX_ROWS = 200_000
"""Most respondent rows in one mailbox export."""

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

MAX_YAML_NESTING = 100
"""Deepest list/mapping nesting a YAML codebook (or mapping file) may have, checked on the event stream."""

MAX_YAML_ALIASES = 0
"""YAML aliases (`*name`) a codebook may use: none. Aliases can multiply a small file into gigabytes
(the "billion laughs"), and no codebook needs them."""
