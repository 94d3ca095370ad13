"""Tiny XLSX files that claim to be huge: a declared dimension, a far cell, a zip bomb."""

from __future__ import annotations

import io
import re
import struct
import zipfile

SHEET = "xl/worksheets/sheet1.xml"


def small_xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite_sheet(data: bytes, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == SHEET:
                body = edit(body.decode()).encode()
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def declaring(data: bytes, ref: str) -> bytes:
    """``data`` with its sheet's ``<dimension ref=...>`` set to ``ref``."""
    new = f'<dimension ref="{ref}"'
    return _rewrite_sheet(data, lambda xml: re.sub(r'<dimension ref="[^"]*"', new, xml))


def with_far_cell(data: bytes, cell: str, row: int) -> bytes:
    """``data`` without a declared dimension and with one more cell, far away."""

    def edit(xml: str) -> str:
        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        far = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace("</sheetData>", far + "</sheetData>")

    return _rewrite_sheet(data, edit)


def claiming_unpacked(data: bytes, size: int) -> bytes:
    """``data`` with the sheet's uncompressed size in the zip's central directory set to
    ``size`` (< 4 GiB): a zip bomb as the reader sees it, without building one."""
    buf = bytearray(data)
    name = SHEET.encode()
    at = buf.find(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", buf, at + 28)[0]
        if bytes(buf[at + 46 : at + 46 + name_len]) == name:
            struct.pack_into("<I", buf, at + 24, size)
            return bytes(buf)
        at = buf.find(b"PK\x01\x02", at + 4)
    raise AssertionError("sheet not found in the zip")
