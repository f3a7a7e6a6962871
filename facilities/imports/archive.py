"""Checks of an XLSX upload as the ZIP archive it is, before openpyxl reads any of it.

openpyxl unpacks and parses whatever the archive holds, so a 570 KB file can hold 300 MB of
blank rows (a "spreadsheet bomb") and keep a worker busy for minutes. Here the archive's own
directory is checked first: the size every part unpacks to, in total, and how far each large part
is compressed (sheets of real data compress about ten to one; blank rows a thousand to one).
zipfile stops reading a part at the size the directory declares and then checks its CRC, so a
directory that understates a part's size is caught too.

Then every XML part is scanned by expat, with no tree built: a document type declaration (where
entity bombs such as "billion laughs" live) is refused, and a worksheet may not have rows past the
layout's row cap nor a row with more cells than Excel allows, so openpyxl's own parser never
holds more than one bounded row at a time. openpyxl parses through defusedxml as well.
"""

import io
import re
import zipfile
from xml.parsers import expat

from django.utils.translation import gettext as _

from .reading import FileError, too_many_rows_message

EXCEL_MAX_COLUMNS = 16_384
MAX_SHEETS = 50
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # smaller parts may compress as they like
UNPACKED_PER_PACKED = 10  # the unpacked total allowed, per byte the upload may have
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
SCAN_CHUNK = 64 * 1024
MB = 1024 * 1024
SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
# The compression methods zipfile can unpack (Excel writes deflate); others cannot be read.
READABLE_COMPRESSION = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
    zipfile.ZIP_BZIP2,
    zipfile.ZIP_LZMA,
}


def unpacked_limit(layout):
    return min(layout.max_bytes * UNPACKED_PER_PACKED, MAX_UNPACKED_BYTES)


def check_archive(data, layout):
    """Raise FileError (from reading) when the workbook is not a sound ZIP archive of bounded
    size, or any of its XML is hostile; reads no more than the limits allow."""
    unreadable = _("The file cannot be read as an Excel workbook (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileError(unreadable) from exc
    with archive:
        parts = archive.infolist()
        names = {part.filename for part in parts}
        if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
            raise FileError(_("The file is a ZIP archive but not an Excel workbook (.xlsx)."))
        if any(part.compress_type not in READABLE_COMPRESSION for part in parts):
            raise FileError(unreadable)
        total = sum(part.file_size for part in parts)
        if total > unpacked_limit(layout):
            raise FileError(
                _(
                    "The workbook unpacks to %(size)d MB, more than the %(limit)d MB allowed: "
                    "delete the empty rows and columns, or split the file."
                )
                % {"size": total // MB, "limit": unpacked_limit(layout) // MB}
            )
        for part in parts:
            if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(
                part.compress_size, 1
            ):
                raise FileError(
                    _(
                        "The workbook is compressed more than %(ratio)d to 1 (%(part)s), as "
                        "files of mostly empty rows are: delete the empty rows below the data "
                        "and save it again."
                    )
                    % {"ratio": MAX_RATIO, "part": part.filename}
                )
        sheets = [p for p in parts if SHEET_PART.fullmatch(p.filename)]
        if len(sheets) > MAX_SHEETS:
            raise FileError(_("The workbook has more than %(n)d sheets.") % {"n": MAX_SHEETS})
        for part in parts:
            if not part.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(part) as stream:
                    _scan(stream, layout if part in sheets else None)
            except (zipfile.BadZipFile, expat.ExpatError, OSError, ValueError) as exc:
                raise FileError(unreadable) from exc


def _scan(stream, layout):
    """Stream one XML part through expat: no DTD anywhere; in a worksheet (when `layout` is
    given) no row past the cap and no row with more cells than Excel allows."""
    parser = expat.ParserCreate()
    state = {"row": 0, "cells": 0}

    def refuse_doctype(*args):
        raise FileError(
            _(
                "The workbook contains XML declarations (DOCTYPE or ENTITY) that Excel never "
                "writes; it cannot be read."
            )
        )

    def start(name, attrs):
        tag = name.rpartition(":")[2]
        if tag == "row":
            number = attrs.get("r", "")
            state["row"] = int(number) if number.isdigit() else state["row"] + 1
            state["cells"] = 0
            if state["row"] > layout.max_sheet_rows:
                raise FileError(too_many_rows_message(layout))
        elif tag == "c":
            state["cells"] += 1
            if state["cells"] > EXCEL_MAX_COLUMNS:
                raise FileError(
                    _("Row %(row)d has more cells than Excel allows (%(n)d).")
                    % {"row": state["row"], "n": EXCEL_MAX_COLUMNS}
                )

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    if layout is not None:
        parser.StartElementHandler = start
    while chunk := stream.read(SCAN_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
