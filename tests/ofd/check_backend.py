#!/usr/bin/python3
"""check_backend.py: reads back what test_ofdbackend writes and checks it against expect.json.

Owns the read-back assertions of the OFD back end on hand-built page lists: the structure
(ofdcheck.py) and schemas of out.ofd and turned.ofd, the same bytes twice (reproducible), the
document information, every glyph's origin (within 0.002 mm) and colour, the CGTransforms of
text a TextCode cannot say alone, the images (box, CTM, the very PNG and JPEG bytes, alpha
kept), the tags, the turned page (each glyph where a quarter turn clockwise puts it), and the
reader: ofd.js draws pages 1, 2 and 4 where MuPDF draws the PDF of the same page list, and the
turned page, turned back, where it draws page 4.

    check_backend.py TEST_OFDBACKEND OUTDIR
"""
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ofdcheck  # noqa: E402
import reader  # noqa: E402
from check_examples import fonts_conf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOL = 0.5
SCALE = 5
EPS = 0.002  # mm: positions are written in whole µm
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def make_images(outdir):
    """The PDF back end's test images: a red ring PNG with alpha, a red JPEG."""
    spec = importlib.util.spec_from_file_location("pdfcheck", os.path.join(HERE, "..", "pdfbackend", "check.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.make_images(outdir)


def char_positions(o, page_index, turned_h=None):
    """[(char, x, y, red, size, object)] in sheet mm, in the page's order."""
    out = []
    for oid, (k, obj) in sorted(o.objects.items()):
        if k != page_index or not obj.tag.endswith("TextObject"):
            continue
        bx, by, bw, _ = ofdcheck.box(obj.get("Boundary"))
        fc = obj.find(ofdcheck.q("FillColor"))
        red = fc is not None and fc.get("Value") == "255 0 0"
        size = float(obj.get("Size"))
        ctm = [float(v) for v in obj.get("CTM", "1 0 0 1 0 0").split()]
        for tc in obj.findall(ofdcheck.q("TextCode")):
            text = tc.text or ""
            dx = ofdcheck.deltas(tc.get("DeltaX", ""))
            u, v = float(tc.get("X")), float(tc.get("Y"))
            for i, ch in enumerate(text):
                if i:
                    u += dx[i - 1]
                x = bx + ctm[0] * u + ctm[2] * v + ctm[4]
                y = by + ctm[1] * u + ctm[3] * v + ctm[5]
                out.append((ch, x, y, red, size, obj))
    return out


def check_glyphs(o, exp, page_no, turned=False):
    """The page's characters where expect.json puts the page list's glyphs (turned: a quarter
    turn clockwise on a 297 mm wide sheet)."""
    got = char_positions(o, 0 if turned else page_no - 1)
    want = [g for g in exp["glyphs"] if g["page"] == page_no]
    i = 0
    n = 0
    for g in want:
        t = g["text"]
        k = len(t)
        chars = "".join(c[0] for c in got[i:i + k])
        if chars != t:
            fail(f"page {page_no}{' turned' if turned else ''}: '{chars}' where '{t}' was drawn")
            return
        ch, x, y, red, size, obj = got[i]
        ex, ey = (297.0 - g["y"], g["x"]) if turned else (g["x"], g["y"])
        if abs(x - ex) > EPS or abs(y - ey) > EPS:
            fail(f"page {page_no}{' turned' if turned else ''}: '{t}' at ({x:.4f}, {y:.4f}) mm, "
                 f"drawn at ({ex:.4f}, {ey:.4f})")
        if red != g["red"] or abs(size - g["size"]) > EPS:
            fail(f"page {page_no}: '{t}' red {red} size {size}, want red {g['red']} size {g['size']:.3f}")
        if abs(float(obj.get("HScale", "1")) - g["hscale"]) > 1e-6:
            fail(f"page {page_no}: '{t}' HScale {obj.get('HScale')}, want {g['hscale']}")
        i += k
        n += 1
    if i != len(got):
        fail(f"page {page_no}: {len(got) - i} characters more than the page list's text")
    print(f"page {page_no}{' turned' if turned else ''}: {n} glyphs at their place (±{EPS} mm), "
          "colours, sizes and scales")


def check_cgtransforms(o):
    """Page 3: the ligatures, the missing characters and the two-glyph character are drawn by
    CGTransform; the character beyond the BMP is in the cmap."""
    seen = {}
    for oid, (k, obj) in o.objects.items():
        if k != 2 or not obj.tag.endswith("TextObject"):
            continue
        kids = list(obj)
        for i, c in enumerate(kids):
            if c.tag.endswith("CGTransform"):
                tc = next(x for x in kids[i:] if x.tag.endswith("TextCode"))
                pos, cnt = int(c.get("CodePosition")), int(c.get("CodeCount", "1"))
                seen[(tc.text or "")[pos:pos + cnt]] = (int(c.get("GlyphCount", "1")),
                                                        c.findtext(ofdcheck.q("Glyphs")))
    want = {"ꀂ": (1, "0"), "ꀃ": (1, "0"), "á": (2, None)}
    for t, (gc, glyphs) in want.items():
        if t not in seen:
            fail(f"page 3: no CGTransform draws '{t}'")
        elif seen[t][0] != gc or (glyphs is not None and seen[t][1] != glyphs):
            fail(f"page 3: the CGTransform of '{t}' has {seen[t]}, want {gc} glyphs {glyphs or ''}")
    if not any(len(t) > 1 and t.isalpha() and t.isascii() for t in seen):
        print("page 3: no ligature in the Latin face (no CGTransform needed for it)")
    else:
        print("page 3: ligatures drawn by CGTransform: " +
              ", ".join(t for t in seen if len(t) > 1 and t.isascii()))
    print(f"page 3: CGTransforms for {', '.join(sorted(seen))}")


def check_images(o, exp, outdir, turned=False):
    imgs = [(k, obj) for k, obj in o.objects.values() if obj.tag.endswith("ImageObject")]
    want = [i for i in exp["images"] if turned and i["page"] == 4 or not turned]
    if len(imgs) != len(want):
        fail(f"{len(imgs)} images in the {'turned ' if turned else ''}OFD, {len(want)} drawn")
        return
    # a page draws its opaque images (JPEG) under its text, those with alpha over it
    want = sorted(want, key=lambda i: (i["page"], 0 if i["file"].endswith(".jpg") else 1))
    texts = {}
    for k, obj in o.objects.values():
        if obj.tag.endswith("TextObject"):
            texts[k] = min(texts.get(k, 1 << 30), int(obj.get("ID")))
    for (k, obj), w in zip(sorted(imgs, key=lambda t: (t[0], int(t[1].get("ID")))), want):
        if w["file"].endswith(".jpg") and k in texts and int(obj.get("ID")) > texts[k]:
            fail(f"image {w['file']}: a JPEG drawn over the text of page {k + 1} (its white would hide it)")
        b = ofdcheck.box(obj.get("Boundary"))
        ctm = [float(v) for v in obj.get("CTM").split()]
        if turned:
            eb = [297 - w["y"] - w["h"], w["x"], w["h"], w["w"]]
            ectm = [0, w["w"], -w["h"], 0, w["h"], 0]
        else:
            eb = [w["x"], w["y"], w["w"], w["h"]]
            ectm = [w["w"], 0, 0, w["h"], 0, 0]
            if k != w["page"] - 1:
                fail(f"image {w['file']} on page {k + 1}, drawn on page {w['page']}")
        if max(abs(a - e) for a, e in zip(b, eb)) > EPS or max(abs(a - e) for a, e in zip(ctm, ectm)) > EPS:
            fail(f"image {w['file']}: Boundary {b} CTM {ctm}, want {eb} {ectm}")
        media = o.media[int(obj.get("ResourceID"))]
        data = o.raw(media["file"])
        with open(os.path.join(outdir, w["file"]), "rb") as f:
            if f.read() != data:
                fail(f"image {w['file']}: the package holds other bytes")
        if w["file"].endswith(".png") and (data[25] != 6 or media["format"] != "PNG"):
            fail(f"image {w['file']}: not an RGBA PNG in the package (colour type {data[25]})")
        if w["file"].endswith(".jpg") and media["format"] != "JPEG":
            fail(f"image {w['file']}: Format {media['format']}")
    print(f"{'turned: ' if turned else ''}{len(imgs)} images in their boxes, the files as given")


def check_tags(o):
    fields = {f: refs for f, _, refs in o.tags}
    want = {"fawenjiguanbiaozhi": "泉州市科学技术局文件", "fawenzihao": "泉科〔2021〕172号",
            "biaoti": "关于开展科技创新工作的通知关于𠀋字的通知", "zhusongjiguan": "各县（市、区）科技局：",
            "fawenjiguanshuming_1": "泉州市科学技术局", "chengwenriqi": "2021年9月27日",
            "chaosongjiguan": "抄送：市直机关文明办。", "fujian_2": "附件22021年科技项目经费表"}
    for f, text in want.items():
        got = "".join(o.object_text(oid) for _, oid in fields.get(f, [])
                      if o.objects[oid][1].tag.endswith("TextObject"))
        if got != text:
            fail(f"tag {f}: its objects draw '{got}', want '{text}'")
    kinds = {f: sorted(o.objects[oid][1].tag.split("}")[1] for _, oid in refs) for f, refs in fields.items()}
    for f, k in (("yinzhang_1", ["ImageObject", "ImageObject"]), ("qianmingzhang_1", ["ImageObject", "ImageObject"]),
                 ("bantoufengexian", ["PathObject"]), ("banjifengexian", ["PathObject", "PathObject"])):
        if kinds.get(f) != k:
            fail(f"tag {f}: objects {kinds.get(f)}, want {k}")
    if len(fields.get("yema", [])) != 4:
        fail(f"tag yema: {len(fields.get('yema', []))} objects, want the 4 page numbers")
    names = {f: n for f, n, _ in o.tags}
    if names.get("biaoti") != "标题" or names.get("yinzhang_1") != "印章":
        fail(f"tag names: biaoti {names.get('biaoti')}, yinzhang_1 {names.get('yinzhang_1')}")
    print(f"{len(o.tags)} tags, each naming the objects that draw its element")


def check_licences(exe, outdir):
    """Faces whose licence forbids subsetting go in whole (a face of a .ttc alone), one whose
    licence forbids embedding is only named, with a warning."""
    r = subprocess.run([exe, "--licences", outdir], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"test_ofdbackend --licences exited {r.returncode}: {r.stderr}")
        return
    lines = r.stdout.splitlines()
    if "rule ofd-font-not-embedded" not in lines:
        fail("no ofd-font-not-embedded warning for a face whose licence forbids embedding")
    o = ofdcheck.Ofd(os.path.join(outdir, "licences.ofd"))
    for f in o.check():
        fail(f"licences.ofd: {f}")
    by_family = {f["el"].get("FamilyName"): f for f in o.fonts.values()}
    for ln in lines:
        kind, rest = ln.split(" ", 1)
        if kind == "whole":
            family, n = rest.rsplit(" ", 1)
            f = by_family.get(family)
            if not f or not f["file"] or f["glyphs"] != int(n):
                fail(f"{family}: not embedded whole ({f and f['glyphs']} glyphs of {n})")
        elif kind == "none":
            f = by_family.get(rest)
            if not f or f["file"]:
                fail(f"{rest}: embedded though its licence forbids it")
    print("licences: faces that may not be subset embedded whole, one face a file; "
          "a face that may not be embedded only named, with a warning")


def main():
    exe, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    for f in ("out.ofd", "out.pdf", "turned.ofd", "expect.json"):
        if os.path.exists(os.path.join(outdir, f)):
            os.remove(os.path.join(outdir, f))
    make_images(outdir)
    r = subprocess.run([exe, outdir], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"test_ofdbackend exited {r.returncode}: {r.stderr}")
        return 1
    with open(os.path.join(outdir, "expect.json"), encoding="utf-8") as f:
        exp = json.load(f)
    out, turned_path = os.path.join(outdir, "out.ofd"), os.path.join(outdir, "turned.ofd")
    with open(out, "rb") as a, open(os.path.join(outdir, "again.ofd"), "rb") as b:
        if a.read() != b.read():
            fail("the same page list written twice gives two different files")
    o = ofdcheck.Ofd(out)
    for f in o.check():
        fail(f"out.ofd: {f}")
    t = ofdcheck.Ofd(turned_path)
    for f in t.check():
        fail(f"turned.ofd: {f}")
    xsd = ofdcheck.xsd_dir()
    if xsd:
        for f in o.validate(xsd) + t.validate(xsd):
            fail(f)
        print(f"out.ofd and turned.ofd validate against {xsd}")
    else:
        print("SKIPPED: schema validation: no ../shared/ofd/xsd beside the checkout")
    info = o.info
    for k, v in (("Title", exp["title"]), ("Author", exp["author"]), ("Subject", exp["subject"]),
                 ("Creator", exp["creator"]), ("CreatorVersion", exp["creator_version"]),
                 ("CreationDate", exp["date"])):
        if info.get(k) != v:
            fail(f"DocInfo {k} is {info.get(k)!r}, want {v!r}")
    for p in (1, 2, 3, 4):
        check_glyphs(o, exp, p)
    check_glyphs(t, exp, 4, turned=True)
    if t.pages[0]["box"] != [0, 0, 297, 210]:
        fail(f"the turned page's PhysicalBox is {t.pages[0]['box']}")
    check_cgtransforms(o)
    check_images(o, exp, outdir)
    check_images(t, exp, outdir, turned=True)
    check_tags(o)

    check_licences(exe, outdir)

    chromium, why = reader.find()
    if not chromium:
        fail(f"the OFD reader cannot run: {why}")
    else:
        conf = fonts_conf(outdir)
        ok, msg, shots = reader.render(out, [(210, 297)] * 4, SCALE, outdir, conf)
        ok2, msg2, tshots = reader.render(turned_path, [(297, 210)], SCALE, outdir, conf)
        if not ok or not ok2:
            fail(f"ofd.js: {msg} / {msg2}")
        else:
            pdf = reader.pdf_pages(os.path.join(outdir, "out.pdf"), SCALE)
            worst = 0.0
            for p in exp["reader_pages"]:
                reader.save_png(shots[p - 1], os.path.join(outdir, f"ofdjs-{p}.png"))
                worst = max(worst, reader.compare(f"page {p}", *reader.measure_pair(shots[p - 1], pdf[p - 1], SCALE),
                                                  TOL, fail))
            back = np.ascontiguousarray(np.rot90(tshots[0], k=1))  # turned back: portrait
            reader.save_png(tshots[0], os.path.join(outdir, "ofdjs-turned.png"))
            worst = max(worst, reader.compare("turned page", *reader.measure_pair(back, pdf[3], SCALE),
                                              TOL, fail))
            m = reader.measure(shots[1], SCALE)
            print(f"ofd.js drew pages {exp['reader_pages']} and the turned page where MuPDF draws the "
                  f"PDF: lines within {worst:.2f} mm; seal ink on page 2 at {reader.fmt(m['red_other'])}")
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
