#!/usr/bin/python3
"""check.py: reads back the PDF test_pdfbackend writes and checks it against expect.json.

Owns the read-back assertions of the PDF back end: fonts embedded as subsets with ToUnicode
maps (pdffonts), the exact text (pdftotext), each glyph's origin within 0.05 pt and its colour
(PyMuPDF), the rules, the document info (pdfinfo), a clean `qpdf --check`, silent poppler and
MuPDF, and a rendering (pdftoppm) left in the build folder for a look.

    check.py TEST_PDFBACKEND OUTDIR
"""
import base64
import io
import json
import os
import re
import subprocess
import sys

import fitz  # python3-fitz (PyMuPDF), Debian's, for /usr/bin/python3
from fontTools.cffLib import CFFFontSet  # python3-fonttools

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pdfread import tounicode, type0_fonts  # noqa: E402 (tests/pdfread.py)

TOL = 0.05  # pt

# a 16 × 16 red baseline JPEG (libjpeg, quality 50): no JPEG writer is at hand on every machine
STAMP_JPG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4"
    "UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcI"
    "CQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRol"
    "JicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip"
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAA"
    "AAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLR"
    "ChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaX"
    "mJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEA"
    "PwDnqKKK88+xP//Z")


def make_images(outdir):
    """A seal-like PNG with transparency, and the JPEG, for the test document's page 2."""
    size, samples = 64, bytearray()
    for y in range(size):
        for x in range(size):
            r2 = (x - 31.5) ** 2 + (y - 31.5) ** 2
            samples += bytes((255, 0, 0, 255)) if 18 ** 2 <= r2 <= 30 ** 2 else bytes(4)
    pix = fitz.Pixmap(fitz.csRGB, size, size, bytes(samples), True)
    pix.save(os.path.join(outdir, "seal.png"))
    pix.save(os.path.join(outdir, "seal-copy.png"))  # the same image by another name
    with open(os.path.join(outdir, "stamp.jpg"), "wb") as f:
        f.write(STAMP_JPG)

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(cmd, check_stderr=True):
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    if check_stderr and p.stderr:
        fail(f"{' '.join(cmd)} printed on stderr: {p.stderr.decode(errors='replace')}")
    return p.stdout.decode()


def tounicode_maps(doc):
    """font name (no subset tag, no -Identity-H) -> {text: first CID that stands for it}"""
    return {name: tounicode(doc, x) for name, x in type0_fonts(doc).items()}


def main():
    exe, outdir, mode = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    pdf = os.path.join(outdir, "out.pdf")
    for f in (pdf, os.path.join(outdir, "expect.json")):
        if os.path.exists(f):
            os.remove(f)
    make_images(outdir)
    run([exe, outdir] + mode)
    if not os.path.exists(pdf):
        fail("no PDF written")
        return
    with open(os.path.join(outdir, "expect.json"), encoding="utf-8") as f:
        exp = json.load(f)
    print(f"{pdf}: {os.path.getsize(pdf)} bytes")

    # fonts: every one embedded, subset, with ToUnicode, of the right type
    out = run(["pdffonts", pdf])
    rows = out.splitlines()[2:]
    types = []
    for row in rows:
        m = re.match(r"^(\S+)\s+(CID Type 0C|CID TrueType|.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+"
                     r"(yes|no)\s+\d+\s+\d+$", row)
        if not m:
            fail(f"pdffonts row not understood: {row!r}")
            continue
        name, typ, enc, emb, sub, uni = m.groups()
        types.append(typ)
        if not re.match(r"^[A-Z]{6}\+", name):
            fail(f"font {name} has no subset tag")
        if (emb, sub, uni) != ("yes", "yes", "yes") or enc != "Identity-H":
            fail(f"font {name}: encoding {enc}, emb {emb}, sub {sub}, uni {uni}")
    want = sorted(f["type"] for f in exp["fonts"])
    if sorted(types) != want:
        fail(f"font types {sorted(types)}, want {want}")
    print(out, end="")

    # text: exactly the input, line by line, no phantom spaces
    text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    got = [l for l in text.replace("\f", "\n\f\n").split("\n") if l]
    want = [l for l in exp["text"].replace("\f", "\n\f\n").split("\n") if l]
    if got != want:
        fail("pdftotext differs:\n  got  %r\n  want %r" % (got, want))

    # document info, in Chinese
    info = run(["pdfinfo", "-enc", "UTF-8", pdf])
    for key in ("title", "author", "subject", "creator"):
        m = re.search(r"^%s:\s+(.*)$" % key.capitalize(), info, re.M)
        if not m or m.group(1) != exp[key]:
            fail(f"pdfinfo {key}: {m.group(1) if m else None!r}, want {exp[key]!r}")

    # structure
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True)
    qout = q.stdout.decode() + q.stderr.decode()
    if q.returncode != 0 or "WARNING" in qout or "No syntax or stream encoding errors" not in qout:
        fail("qpdf --check: " + qout)

    # rendering (poppler): silent; the PNGs stay in OUTDIR for a look
    run(["pdftoppm", "-r", "60", "-png", pdf, os.path.join(outdir, "page")])

    # glyph origins and colours (MuPDF)
    fitz.TOOLS.mupdf_display_errors(False)
    doc = fitz.open(pdf)
    chars = {}
    for pno, page in enumerate(doc, 1):
        page.get_pixmap(dpi=30)  # MuPDF renders it without complaint
        for b in page.get_text("rawdict")["blocks"]:
            for l in b.get("lines", []):
                for s in l["spans"]:
                    for c in s["chars"]:
                        chars.setdefault((pno, c["c"]), []).append((c["origin"], s["color"]))
    worst = 0.0
    for g in exp["glyphs"]:
        # "alt": the text /ActualText gives, for a MuPDF that reads it
        cands = chars.get((g["page"], g["text"]), []) + chars.get((g["page"], g.get("alt")), [])
        if not cands:
            fail(f"page {g['page']}: glyph {g['text']!r} not found")
            continue
        (ox, oy), color = min(cands, key=lambda c: abs(c[0][0] - g["x"]) + abs(c[0][1] - g["y"]))
        d = max(abs(ox - g["x"]), abs(oy - g["y"]))
        worst = max(worst, d)
        if d > TOL:
            fail(f"page {g['page']}: {g['text']!r} at ({ox:.3f}, {oy:.3f}), "
                 f"want ({g['x']:.3f}, {g['y']:.3f})")
        want_color = 0xFF0000 if g["red"] else 0
        if color != want_color:
            fail(f"page {g['page']}: {g['text']!r} colour {color:06x}, want {want_color:06x}")
    print(f"{len(exp['glyphs'])} glyphs: origins within {worst:.4f} pt")

    # rules (page 1): position, width, colour
    drawings = doc[0].get_drawings()
    for r in exp["rules"]:
        hit = None
        for d in drawings:
            for item in d["items"]:
                if item[0] == "l":
                    p1, p2 = item[1], item[2]
                    if (abs(p1.x - r["x0"]) < TOL and abs(p1.y - r["y0"]) < TOL and
                            abs(p2.x - r["x1"]) < TOL and abs(p2.y - r["y1"]) < TOL):
                        hit = d
        if not hit:
            fail(f"rule {r} not found")
            continue
        want_color = (1.0, 0.0, 0.0) if r["red"] else (0.0, 0.0, 0.0)
        if abs(hit["width"] - r["width"]) > 0.01 or tuple(hit["color"]) != want_color:
            fail(f"rule {r}: width {hit['width']}, colour {hit['color']}")
        if hit.get("lineCap") not in (None, (0, 0, 0), [0, 0, 0], 0):
            fail(f"rule {r}: line cap {hit.get('lineCap')}")

    # images (page 2): drawn in their boxes, the PNG with its alpha as a soft mask
    infos = doc[1].get_image_info(xrefs=True)
    if len(infos) != len(exp["images"]) or len(exp["images"]) != 3:
        fail(f"{len(infos)} images on page 2, want {len(exp['images'])} (3)")
    # embedded once however often drawn, whatever its name: 2 image XObjects for 3 drawings
    # (counted in the file: PyMuPDF's image info names images by their digest)
    images = [x for x in range(1, doc.xref_length()) if doc.xref_get_key(x, "Subtype")[1] == "/Image"]
    masks = {int(doc.xref_get_key(x, "SMask")[1].split()[0]) for x in images
             if doc.xref_get_key(x, "SMask")[0] == "xref"}
    xobjs = [x for x in images if x not in masks]
    if len(xobjs) != 2:
        fail(f"{len(xobjs)} image XObjects for the seal, its copy and the JPEG, want 2")
    for x in xobjs:
        sm = doc.xref_get_key(x, "SMask")
        if sm[0] == "xref" and "/FlateDecode" not in doc.xref_get_key(int(sm[1].split()[0]), "Filter")[1]:
            fail("the soft mask is not compressed")
    # stamped over the text with multiply blending: the text shows through, as under ink
    res = doc[1].get_contents()
    stream = b"".join(doc.xref_stream(x) for x in res)
    gs = re.findall(rb"/(\w+) gs", stream)
    if not gs or stream.rfind(b" gs") > stream.find(b"Do") or stream.rfind(b"ET") > stream.find(b"Do"):
        fail("the images are not drawn after the text under an ExtGState")
    bm = [doc.xref_get_key(x, "BM")[1] for x in range(1, doc.xref_length())
          if doc.xref_get_key(x, "Type")[1] == "/ExtGState"]
    if bm != ["/Multiply"]:
        fail(f"ExtGState blend modes {bm}, want one /Multiply")
    for im in exp["images"]:
        box = fitz.Rect(im["x"], im["y"], im["x"] + im["w"], im["y"] + im["h"])
        if not any(abs(fitz.Rect(i["bbox"]).x0 - box.x0) < TOL and
                   abs(fitz.Rect(i["bbox"]).y0 - box.y0) < TOL and
                   abs(fitz.Rect(i["bbox"]).x1 - box.x1) < TOL and
                   abs(fitz.Rect(i["bbox"]).y1 - box.y1) < TOL for i in infos):
            fail(f"image {im} not found in {[i['bbox'] for i in infos]}")
    smasks = [doc.xref_get_key(i["xref"], "SMask")[0] for i in infos if i["xref"]]
    if "xref" not in smasks:
        fail(f"the PNG seal has no soft mask: {smasks}")
    filters = [doc.xref_get_key(i["xref"], "Filter")[1] for i in infos if i["xref"]]
    if not any("/DCTDecode" in f for f in filters):
        fail(f"the JPEG is not embedded as DCTDecode: {filters}")

    # every CFF program parses (fontTools), and each charstring is a whole glyph: it ends in
    # endchar, .notdef and its copies included (a font may hold nothing but those)
    for x in range(1, doc.xref_length()):
        if doc.xref_get_key(x, "Subtype")[1] != "/CIDFontType0C":
            continue
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(doc.xref_stream(x)), None)
        charstrings = cff[cff.fontNames[0]].CharStrings
        for gname in charstrings.keys():
            cs = charstrings[gname]
            cs.decompile()
            if not cs.program or cs.program[-1] != "endchar":
                fail(f"{cff.fontNames[0]}: charstring {gname} does not end in endchar: "
                     f"{cs.program[-4:]!r}")

    # MuPDF renders and extracts without a word
    warnings = fitz.TOOLS.mupdf_warnings()
    if warnings:
        fail("MuPDF warnings: " + warnings)

    # glyph ids: through MuPDF (FreeType reading the CFF charset), each character's glyph is
    # the one its CID names: the CID (from ToUnicode) must equal the glyph id. A character no
    # font has gets a CID of its own: in a TrueType face ("missing", with exact outlines) drawn
    # with glyph 0 (.notdef) through the CIDToGIDMap; in a CFF face, which every face is with
    # simplified outlines, a copy of .notdef, glyph id = CID.
    cid_of = tounicode_maps(doc)
    missing = set(exp["missing"])
    seen_missing = set()
    checked = 0
    for page in doc:
        for span in page.get_texttrace():
            m = cid_of.get(span["font"])
            if m is None:
                fail(f"no ToUnicode map for font {span['font']}")
                continue
            for ucs, gid, origin, bbox in span["chars"]:
                cid = m.get(chr(ucs))
                if chr(ucs) in missing:
                    seen_missing.add(chr(ucs))
                    if cid is None or cid == 0 or gid != (0 if exp["exact_outlines"] else cid):
                        fail(f"{span['font']}: missing {chr(ucs)!r} has CID {cid}, glyph {gid}")
                    continue
                if cid is not None and gid != cid:
                    fail(f"{span['font']}: {chr(ucs)!r} CID {cid} drawn with glyph {gid}")
                checked += cid is not None
    if seen_missing != missing:
        fail(f"characters no font has: MuPDF read {sorted(seen_missing)}, want {sorted(missing)}")
    print(f"{checked} glyphs: glyph id = CID; {len(missing)} missing characters: their own "
          f"CIDs, drawn with " + ("glyph 0" if exp["exact_outlines"] else "copies of .notdef"))

    # (get_texttrace probes each font for a space glyph to report a space width; in a subset
    # of two glyphs that probe names a glyph the font does not have: a warning of no effect)
    fitz.TOOLS.mupdf_warnings()


if __name__ == "__main__":  # the OFD back end's test imports make_images
    main()
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)
    print("all checks passed")
