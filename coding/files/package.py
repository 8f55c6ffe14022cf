"""Opening Office files (.docx, .xlsx) safely: they are zip packages of XML parts.

Everything is checked from the zip's central directory BEFORE any part is unpacked: the number
of parts, the total uncompressed size they declare and each large part's compression ratio
(a zip bomb declares gigabytes in a few kilobytes). A password-protected Office file is not a
zip at all but an OLE compound file, recognised by its first bytes. XML that is read here is
parsed with defusedxml, and parts that carry a DTD are refused (no entity expansion, ever).
"""

from __future__ import annotations

import io
import zipfile
import zlib

import defusedxml.ElementTree as SafeXML
from defusedxml import DefusedXmlException

from coding.store.project import ProjectError
from coding.files.limits import MAX_COMPRESSION_RATIO, MAX_UNPACKED_BYTES, MAX_ZIP_MEMBERS, RATIO_FLOOR_BYTES

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def open_package(data: bytes, name: str, kind: str, main_part: str) -> zipfile.ZipFile:
    """A checked zip of an Office file; `kind` is "Word" or "Excel", `main_part` e.g. word/document.xml."""
    a_kind = f"an {kind}" if kind[0] in "AEIOU" else f"a {kind}"
    if data.startswith(OLE_MAGIC):
        raise ProjectError("files.package.password_protected_old_binary", name=name, kind=kind)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ProjectError("files.package.file", name=name, a_kind=a_kind)
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ProjectError("files.package.file_3", name=name, a_kind=a_kind, error=error) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise ProjectError("files.package.parts_limit_refused_unsafe", name=name, n_members=len(members),
                           max_zip_members=MAX_ZIP_MEMBERS)
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNPACKED_BYTES:
        raise ProjectError("files.package.would_unpack_mb_limit", name=name, declared=declared // 2 ** 20,
                           max_unpacked_bytes=MAX_UNPACKED_BYTES // 2 ** 20)
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
                member.compress_size, 1):
            raise ProjectError("files.package.part_compressed_times_limit", name=name,
                               filename=member.filename,
                               file_size=member.file_size // max(member.compress_size, 1),
                               max_compression_ratio=MAX_COMPRESSION_RATIO)
    names = {member.filename for member in members}
    if main_part not in names:
        raise ProjectError("files.package.file_2", name=name, a_kind=a_kind, main_part=main_part)
    for member in members:  # every part: a main part may be named .dat, and XML may be UTF-16
        if _has_dtd(package, member.filename, name):
            raise ProjectError("files.package.part_declares_dtd_entities", name=name,
                               filename=member.filename)
    return package


DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, OSError)
"""What zipfile raises on a damaged part: bad CRC, truncated deflate data, bad offsets, unknown
compression, an encrypted member."""


def read_part(package: zipfile.ZipFile, part: str, name: str) -> bytes:
    """The bytes of one part, or a ProjectError when the package is damaged there."""
    try:
        return package.read(part)
    except DAMAGED_ZIP as error:
        raise ProjectError("files.package.damaged_part_cannot_read", name=name, part=part, error=error) from None


DTD_MARKERS = tuple(word.encode(encoding) for word in ("<!DOCTYPE", "<!ENTITY")
                    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
"""A DTD or entity declaration in each encoding an XML parser accepts (UTF-8 covers ASCII and cp1252)."""


def _has_dtd(package: zipfile.ZipFile, part: str, name: str) -> bool:
    data = read_part(package, part, name)
    return any(marker in data for marker in DTD_MARKERS)


def content_types(package: zipfile.ZipFile, name: str) -> dict[str, str]:
    """Part name -> content type, from [Content_Types].xml (parsed with defusedxml)."""
    try:
        root = SafeXML.fromstring(read_part(package, "[Content_Types].xml", name))
    except (KeyError, SafeXML.ParseError, DefusedXmlException) as error:
        raise ProjectError("files.package.valid_office_file_content", name=name, error=error) from error
    return {item.get("PartName", "").lstrip("/"): item.get("ContentType", "")
            for item in root.iter(f"{CONTENT_TYPES_NS}Override")}
