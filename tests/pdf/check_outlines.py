#!/usr/bin/python3
"""Simplified glyph outlines: as small as promised, as faithful as promised.

usage: check_outlines.py GONGWEN DOC.txt OUTDIR [--max-kb N]

Renders DOC twice, by default (outlines simplified) and with --exact-outlines (each face's own
subset), and checks, reading both PDFs back with fontTools, PyMuPDF and poppler:

* the default PDF is at most N KB (the sample: 250, issue 3) and smaller than the exact one;
* every font is embedded as a CFF with a subset tag, and both PDFs give the same text;
* every glyph's outline: each point of the face's own outline (from the exact PDF) lies within
  0.015 mm on paper, at the largest size the PDF draws that font, of the simplified outline,
  and each point of the simplified outline within 0.015 mm of the face's own (both plus the
  half unit of rounding to whole font units); and both have the same advance width;
* the pages: rendered at 600 dpi, every pixel that differs lies on an edge of the exact page's
  ink (no stroke moved, no contour lost or added).

The tolerance is written here, not read from the program: the promise is GW_PDF_OUTLINE_
TOLERANCE_MM in src/pdf/gw_pdf.h, and this test fails if the program breaks it.
"""
import io
import os
import re
import subprocess
import sys

import fitz
import numpy as np
from fontTools.cffLib import CFFFontSet
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from scipy.spatial import cKDTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pdfread import tounicode, type0_fonts  # noqa: E402 (tests/pdfread.py)

TOLERANCE_MM = 0.015
STEP = 0.5  # font units between the points sampled along an outline
PT_MM = 25.4 / 72

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def fonts_of(doc):
    """font name (no subset tag) -> dict(program, kind, cid_of_text, max_size)"""
    out = {}
    for name, x in type0_fonts(doc).items():
        desc = int(doc.xref_get_key(x, "DescendantFonts")[1].strip("[] ").split()[0])
        fd = int(doc.xref_get_key(desc, "FontDescriptor")[1].split()[0])
        kind, prog = None, None
        for key in ("FontFile3", "FontFile2"):
            ref = doc.xref_get_key(fd, key)
            if ref[0] == "xref":
                kind, prog = key, doc.xref_stream(int(ref[1].split()[0]))
        cid_of = tounicode(doc, x)
        sub = doc.xref_get_key(int(doc.xref_get_key(fd, kind)[1].split()[0]), "Subtype")[1]
        out[name] = {"kind": kind, "subtype": sub, "prog": prog, "cid_of": cid_of, "max_size": 0}
    for page in doc:
        for b in page.get_text("rawdict")["blocks"]:
            for l in b.get("lines", []):
                for s in l["spans"]:
                    f = out.get(re.sub(r"^[A-Z]{6}\+", "", s["font"]))
                    if f:
                        f["max_size"] = max(f["max_size"], s["size"])
    return out


class SamplingPen(BasePen):
    """points along an outline, at most step apart (font units)"""

    def __init__(self, glyphset, step):
        super().__init__(glyphset)
        self.step = step
        self.parts = []
        self.start = None

    def _line(self, a, b):
        n = max(1, int(np.hypot(b[0] - a[0], b[1] - a[1]) / self.step) + 1)
        t = np.linspace(0, 1, n + 1)[1:, None]
        self.parts.append(np.asarray(a, dtype=float) + t * (np.asarray(b, dtype=float) - np.asarray(a, dtype=float)))

    def _moveTo(self, p):
        self.start = p
        self.parts.append(np.array([p], dtype=float))

    def _lineTo(self, p):
        self._line(self._getCurrentPoint(), p)

    def _curve(self, P):
        est = np.hypot(*np.diff(P, axis=0).T).sum()
        t = np.linspace(0, 1, max(2, int(est / self.step) + 1) + 1)[1:, None]
        u = 1 - t
        if len(P) == 4:
            self.parts.append(u**3 * P[0] + 3 * u * u * t * P[1] + 3 * u * t * t * P[2] + t**3 * P[3])
        else:
            self.parts.append(u * u * P[0] + 2 * u * t * P[1] + t * t * P[2])

    def _curveToOne(self, c1, c2, p3):
        self._curve(np.array([self._getCurrentPoint(), c1, c2, p3], dtype=float))

    def _qCurveToOne(self, c, p):
        self._curve(np.array([self._getCurrentPoint(), c, p], dtype=float))

    def _closePath(self):
        cur = self._getCurrentPoint()
        if self.start is not None and cur is not None and tuple(cur) != tuple(self.start):
            self._line(cur, self.start)

    _endPath = _closePath

    def points(self):
        return np.concatenate(self.parts) if self.parts else np.zeros((0, 2))


class Outlines:
    """glyph outlines by glyph id (= CID in these PDFs), in font units, and advance widths"""

    def __init__(self, f):
        if f["kind"] == "FontFile3":
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(f["prog"]), None)
            top = cff[cff.fontNames[0]]
            self.upem = round(1 / top.FontMatrix[0]) if hasattr(top, "FontMatrix") else 1000
            self.glyphset = self.cs = top.CharStrings
            self.order = top.charset
            self.hmtx = None
        else:
            tt = TTFont(io.BytesIO(f["prog"]))
            self.upem = tt["head"].unitsPerEm
            self.glyphset = tt.getGlyphSet()
            self.order = tt.getGlyphOrder()
            self.hmtx = tt["hmtx"]

    def get(self, gid, step):
        """(points along glyph gid's outline, its advance)"""
        name = self.order[gid]
        pen = SamplingPen(self.glyphset, step)
        self.glyphset[name].draw(pen)
        width = self.hmtx[name][0] if self.hmtx else self.cs[name].width
        return pen.points(), width


def render(gongwen, src, out, *opts):
    r = subprocess.run([gongwen, "render", "-q", src, "-o", out, *opts], capture_output=True)
    if r.returncode != 0 or not os.path.exists(out):
        fail(f"render {' '.join(opts)}: exit {r.returncode}: {r.stderr.decode()[-400:]}")
        return False
    return True


def main():
    args = sys.argv[1:]
    max_kb = None
    if "--max-kb" in args:
        i = args.index("--max-kb")
        max_kb = float(args[i + 1])
        del args[i:i + 2]
    gongwen, src, outdir = args
    os.makedirs(outdir, exist_ok=True)
    simp, exact = os.path.join(outdir, "default.pdf"), os.path.join(outdir, "exact.pdf")
    if not (render(gongwen, src, simp) and render(gongwen, src, exact, "--exact-outlines")):
        return 1
    ks, ke = os.path.getsize(simp) / 1000, os.path.getsize(exact) / 1000
    print(f"{os.path.basename(src)}: {ks:.1f} KB with simplified outlines, {ke:.1f} KB exact")
    if max_kb is not None and ks > max_kb:
        fail(f"the PDF is {ks:.1f} KB, want at most {max_kb:g} KB")
    if ks >= ke:
        fail(f"simplified outlines ({ks:.1f} KB) are not smaller than exact ones ({ke:.1f} KB)")

    texts = [subprocess.run(["pdftotext", "-enc", "UTF-8", p, "-"], capture_output=True).stdout
             for p in (simp, exact)]
    if texts[0] != texts[1]:
        fail("the two PDFs give different text")
    ff = subprocess.run(["pdffonts", simp], capture_output=True, text=True).stdout.splitlines()[2:]
    for row in ff:
        if not re.match(r"^[A-Z]{6}\+\S+\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes\s", row):
            fail(f"pdffonts: {row!r}, want a subset CID Type 0C font, embedded, with ToUnicode")

    ds, de = fitz.open(simp), fitz.open(exact)
    fs, fe = fonts_of(ds), fonts_of(de)
    if sorted(fs) != sorted(fe):
        fail(f"fonts {sorted(fs)} != {sorted(fe)}")
    worst_mm = 0.0
    n_glyphs = 0
    for name in sorted(set(fs) & set(fe)):
        a, b = fs[name], fe[name]
        if a["subtype"] != "/CIDFontType0C":
            fail(f"{name}: font program {a['subtype']}, want /CIDFontType0C")
            continue
        try:
            os_, oe = Outlines(a), Outlines(b)
        except Exception as e:  # noqa: BLE001 (any parse failure is a failure)
            fail(f"{name}: fontTools cannot read the font program: {e}")
            continue
        if a["max_size"] <= 0:
            fail(f"{name}: MuPDF finds no text in it")
            continue
        # the tolerance in the font's units at the largest size drawn, plus rounding
        mm_per_unit = a["max_size"] * PT_MM / oe.upem
        allowed = TOLERANCE_MM / mm_per_unit + 0.5 * 2 ** 0.5 + STEP / 2
        worst = 0.0
        for text, cid in a["cid_of"].items():
            cid_e = b["cid_of"].get(text)
            if cid_e is None:
                fail(f"{name}: {text!r} is not in the exact PDF")
                continue
            ps, ws = os_.get(cid, STEP * os_.upem / oe.upem)
            pe, we = oe.get(cid_e, STEP)
            ps = ps * (oe.upem / os_.upem)
            if round(ws * 1000 / os_.upem) != round(we * 1000 / oe.upem):
                fail(f"{name}: {text!r} advance {ws} (of {os_.upem}), want {we} (of {oe.upem})")
            if len(ps) == 0 or len(pe) == 0:
                if len(ps) != len(pe):
                    fail(f"{name}: {text!r} has {len(ps)} outline points, the face {len(pe)}")
                continue
            d1 = cKDTree(ps).query(pe)[0].max()   # the face's outline → the simplified one
            d2 = cKDTree(pe).query(ps)[0].max()   # and back
            d = max(d1, d2)
            worst = max(worst, d)
            n_glyphs += 1
            if d > allowed:
                fail(f"{name}: {text!r} strays {d:.2f} units ({d * mm_per_unit:.4f} mm) from the "
                     f"face's outline, allowed {allowed:.2f}")
        worst_mm = max(worst_mm, worst * mm_per_unit)
        print(f"  {name}: {len(a['cid_of'])} glyphs at up to {a['max_size']:.1f} pt: "
              f"at most {worst:.2f} units = {worst * mm_per_unit:.4f} mm from the face's own")
    print(f"{n_glyphs} glyphs: every outline within {worst_mm:.4f} mm of the face's own "
          f"(allowed {TOLERANCE_MM} mm + rounding)")

    # the pages, as a printer would see them
    n_diff = n_ink = n_far = 0
    for i, (ps_, pe_) in enumerate(zip(ds, de)):
        imgs = []
        for pg in (ps_, pe_):
            pix = pg.get_pixmap(dpi=600, colorspace=fitz.csGRAY, alpha=False)
            imgs.append(np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w) < 128)
        s, e = imgs
        diff = s ^ e

        def grow(m):
            """m and its 8 neighbours"""
            g = m.copy()
            g[1:, :] |= m[:-1, :]
            g[:-1, :] |= m[1:, :]
            h = g.copy()
            h[:, 1:] |= g[:, :-1]
            h[:, :-1] |= g[:, 1:]
            return h
        edge = grow(e) & grow(~e)
        far = diff & ~edge
        n_diff += int(diff.sum())
        n_far += int(far.sum())
        n_ink += int(e.sum())
        if far.any():
            ys, xs = np.nonzero(far)
            fail(f"page {i + 1}: {len(ys)} pixels at 600 dpi differ away from any edge, e.g. at "
                 f"x {xs[0] * 25.4 / 600:.2f} mm, y {ys[0] * 25.4 / 600:.2f} mm")
    if len(ds) != len(de):
        fail(f"{len(ds)} pages, the exact PDF has {len(de)}")
    print(f"600 dpi: {n_diff} of {n_ink} ink pixels differ ({100 * n_diff / max(1, n_ink):.2f} %), "
          f"{n_far} of them away from an edge of the exact page")
    print(f"{failures} failures" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
