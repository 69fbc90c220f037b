#!/usr/bin/env python3
"""Writes DocumentFixtures.swift: small real ODT and DOCX files (ZIP, deflated) and raw
DEFLATE streams of each block type, made by Python's zipfile and zlib, so the Swift
reader is tested against an independent writer. Run from the repository root:
python3 Tests/Support/make-document-fixtures.py"""
import base64, io, random, zipfile, zlib

PARAGRAPHS = [
    "Handreiking voor gemeenten: signalen van radicalisering herkennen & bespreken.",
    "Sleutelfiguren en jongerenwerkers in de wijk <samen> met de moskeeën.",
    "Het tienpuntenplan helpt bij de lokale aanpak.",
]

def odt():
    body = "".join(f"<text:p>{p.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</text:p>" for p in PARAGRAPHS)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               f'<text:h>Titel</text:h>{body}<text:p>Tab<text:tab/>en<text:s/>spatie &#233;&#x20AC;</text:p></office:text></office:body></office:document-content>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", "<manifest/>", compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()

def docx():
    body = "".join(f"<w:p><w:r><w:t>{p.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</w:t></w:r></w:p>" for p in PARAGRAPHS)
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{body}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", document)
    return out.getvalue()

def docx_hidden():
    """A clean body; a BSN (111222333) in the header, one in a footnote, one in a comment."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    part = lambda root, text: f'<?xml version="1.0" encoding="UTF-8"?><w:{root} {w}><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{root}>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", part("document", "Het tienpuntenplan helpt bij de lokale aanpak."))
        z.writestr("word/header1.xml", part("hdr", "Dossier 111 222 333"))
        z.writestr("word/footnotes.xml", part("footnotes", "Zie 111222333."))
        z.writestr("word/comments.xml", part("comments", "BSN 111-222-333 nakijken"))
    return out.getvalue()

def odt_hidden():
    """A clean content.xml; a BSN (111222333) in a footer in styles.xml."""
    ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:body><office:text><text:p>Schone tekst.</text:p></office:text></office:body></office:document-content>'
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:master-styles><style:master-page style:name="Standard">'
              '<style:footer><text:p>Kenmerk 111222333</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("styles.xml", styles, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()

def pdf_with(content, extra_objects=b"", compress=False):
    """A one-page PDF whose content stream is `content` (Flate-compressed when asked)."""
    data = zlib.compress(content) if compress else content
    flt = b" /Filter /FlateDecode" if compress else b""
    return (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
            b"4 0 obj << /Length " + str(len(data)).encode() + flt + b" >>\nstream\n" + data + b"\nendstream\nendobj\n" + extra_objects +
            b"trailer << /Root 1 0 R >>\n%%EOF\n")

def pdf_cid():
    """Glyph codes 0x0011..0x0019 drawn in hex, mapped to the digits 1..9 by a ToUnicode CMap: 111222333."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            b"1 beginbfrange\n<0011> <0019> <0031>\nendbfrange\n1 beginbfchar\n<0003> <0020>\nendbfchar\nendcmap end end\n")
    data = zlib.compress(cmap)
    extra = b"5 0 obj << /Length " + str(len(data)).encode() + b" /Filter /FlateDecode >>\nstream\n" + data + b"\nendstream\nendobj\n"
    return pdf_with(b"BT /F1 12 Tf 72 720 Td <001100110011000300120012001200030013001300130003> Tj ET", extra, compress=True)

def other_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("photo.jpg", "not a document")
    return out.getvalue()

def raw_deflate(data, level):
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()

RANDOM = random.Random(5)
LONG = ("De gemeente werkt samen met scholen, politie en sleutelfiguren aan de aanpak van radicalisering. " * 40
        + "".join(RANDOM.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(3000))).encode()
SHORT = b"kort"

def swift_bytes(name, data):
    return f'    public static let {name}: [UInt8] = Array(Data(base64Encoded: "{base64.b64encode(data).decode()}")!)\n'

with open("Tests/Support/DocumentFixtures.swift", "w") as f:
    f.write("// Generated by make-document-fixtures.py; do not edit.\nimport Foundation\n\n"
            "/// Real files made by an independent writer (Python's zipfile and zlib) for the document tests.\n"
            "public enum DocumentFixtures {\n")
    f.write(f"    public static let paragraphs = {PARAGRAPHS!r}\n".replace("'", '"').replace("[", "[").replace("]", "]"))
    f.write(swift_bytes("odt", odt()))
    f.write(swift_bytes("docx", docx()))
    f.write(swift_bytes("otherZip", other_zip()))
    f.write(swift_bytes("pdfPlainBSN", pdf_with(b"BT /F1 12 Tf 72 720 Td (Dossier 111222333) Tj ET")))
    f.write(swift_bytes("pdfSplitBSN", pdf_with(b"BT /F1 12 Tf 72 720 Td [(Kenmerk ) -250 (111) 120 (222)] TJ (333) Tj ET BT (Tweede regel \\(met haakjes\\)) Tj ET", compress=True)))
    f.write(swift_bytes("pdfCIDBSN", pdf_cid()))
    f.write(swift_bytes("pdfClean", pdf_with(b"BT /F1 12 Tf 72 720 Td (Op 15 april 2015 sprak de gemeente 48 van de 49 sleutelfiguren.) Tj ET", compress=True)))
    f.write(swift_bytes("docxHidden", docx_hidden()))
    f.write(swift_bytes("odtHidden", odt_hidden()))
    f.write(swift_bytes("textBSNAtTheEnd", ("Een lange tekst. " * 14_000 + "Tot slot 111222333.").encode()))
    f.write(swift_bytes("longText", LONG))
    f.write(swift_bytes("longDynamic", raw_deflate(LONG, 9)))
    f.write(swift_bytes("longStored", raw_deflate(LONG, 0)))
    f.write(swift_bytes("shortText", SHORT))
    f.write(swift_bytes("shortFixed", raw_deflate(SHORT, 6)))
    f.write(swift_bytes("pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"))
    f.write(swift_bytes("truncatedPDF", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"))
    f.write(swift_bytes("windowsExecutable", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 64))
    f.write(swift_bytes("elfExecutable", b"\x7fELF\x02\x01\x01" + b"\x00" * 120))
    f.write("}\n")
