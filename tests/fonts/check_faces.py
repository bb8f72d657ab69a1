#!/usr/bin/env python3
"""Faces by weight and licence (issue 7), read back from what gongwen writes.

1. Weights: with every weight of Noto CJK installed (setup.sh installs fonts-noto-cjk-extra),
   each role's text in the PDF is set in a face of the weight the role asks for: the PostScript
   name of the font that draws the 黑体 heading, the 小标宋 title, the 宋体 page number … ends in
   its weight (…-Regular, …-Bold), never Thin, Light or DemiLight; `gongwen fonts` says so.
2. Licences (OS/2 fsType), on copies of Liberation Serif renamed and marked with fontTools,
   given to the Latin role as office fonts:
   - Restricted License (0x0002) and Bitmap only (0x0200): skipped with a warning naming the
     face and the bit, the next candidate used; only such faces: an error, nothing written;
   - No subsetting (0x0100): embedded whole (no subset tag, every glyph of the face);
   - an office face that may be subset keeps its own outlines (TrueType, FontFile2), where a
     free stand-in is redrawn as a simplified CFF.

usage: check_faces.py GONGWEN SOURCE_ROOT
"""
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

import fitz
from fontTools.ttLib import TTFont

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


WEIGHTS = {"Thin": 100, "ExtraLight": 200, "Light": 300, "DemiLight": 350, "Regular": 400,
           "Medium": 500, "SemiBold": 600, "Bold": 700, "Black": 900, "Heavy": 900}


def weight_of(psname):
    """The weight a PostScript name ends in: NotoSansCJKsc-Thin → 100; no suffix → 400."""
    name = psname.split("+")[-1]
    m = re.search(r"-([A-Za-z]+)$", name)
    return WEIGHTS.get(m.group(1), 400) if m else 400


def spans(pdf):
    out = []
    with fitz.open(pdf) as doc:
        for pno, page in enumerate(doc):
            for b in page.get_text("dict")["blocks"]:
                for l in b.get("lines", []):
                    for s in l["spans"]:
                        out.append((pno, s["text"], s["font"]))
    return out


def font_of(sp, text):
    for _, t, f in sp:
        if text in t:
            return f
    return None


def weights(gw, tmp):
    doc = os.path.join(tmp, "weights.txt")
    with open(doc, "w", encoding="utf-8") as f:
        f.write("泉州市科学技术局文件\n\n泉科〔2024〕9号\n\n"
                "## 泉州市科学技术局关于开展科技服务月活动的通知\n\n各县（市、区）科技局：\n\n"
                "为推动科技成果转化，决定开展科技服务月活动。\n\n一、活动时间\n\n"
                "2024年5月1日至31日。\n\n（一）组织领导\n\n各地要加强组织领导。\n\n"
                "泉州市科学技术局\n\n2024年4月20日\n")
    pdf = os.path.join(tmp, "weights.pdf")
    r = subprocess.run([gw, "render", "-q", doc, "-o", pdf], capture_output=True, text=True)
    if not check(r.returncode == 0, f"render: {r.stderr}"):
        return
    sp = spans(pdf)
    roles = {"小标宋 (标题)": ("泉州市科学技术局关于", 700), "仿宋 (正文)": ("为推动科技成果转化", 400),
             "黑体 (一级标题)": ("活动时间", 400), "楷体 (二级标题)": ("组织领导", 400),
             "宋体 (页码)": ("1", 400), "Latin (digits)": ("2024", 400)}
    for role, (text, want) in roles.items():
        f = font_of(sp, text) if role != "宋体 (页码)" else next(
            (f for _, t, f in sp if re.fullmatch(r"—\s*\d+\s*—", t.strip())), None)  # page number
        got = weight_of(f) if f else None
        print(f"{role:18} {f!r}: weight {got}")
        check(f is not None and got == want, f"{role}: drawn in {f!r} (weight {got}), want weight {want}")
    r = subprocess.run([gw, "fonts"], capture_output=True, text=True)
    check(r.returncode == 0 and "Thin" not in r.stdout and "Light" not in r.stdout,
          f"gongwen fonts names a Thin or Light face:\n{r.stdout}")
    check(re.search(r"黑体.*\n  1\. .* — weight 400 \(Regular\)", r.stdout) is not None,
          f"gongwen fonts: 黑体 not Regular:\n{r.stdout[:600]}")


def make_font(src, dst, family, fs_type):
    """A copy of src renamed to family (every name record) with OS/2 fsType set."""
    f = TTFont(src)
    ps = family.replace(" ", "")
    for rec in f["name"].names:
        if rec.nameID in (1, 4, 16, 21):
            rec.string = family
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = ps + ";test"
    f["OS/2"].fsType = fs_type
    f.save(dst)
    return len(f.getGlyphOrder())


def datadir(root, tmp, latin):
    """A data folder: the project's layouts and fonts, with roles.ini's Latin role replaced and
    fonts.conf knowing the test fonts' folder too."""
    d = tempfile.mkdtemp(prefix="gw-data-", dir=tmp)
    os.symlink(os.path.join(root, "layouts"), os.path.join(d, "layouts"))
    os.makedirs(os.path.join(d, "fonts"))
    roles = open(os.path.join(root, "fonts", "roles.ini"), encoding="utf-8").read()
    roles = re.sub(r"(?ms)^\[Latin\].*?(?=^\[)", "[Latin]\n" + latin + "\n\n", roles)
    with open(os.path.join(d, "fonts", "roles.ini"), "w", encoding="utf-8") as f:
        f.write(roles)
    conf = open(os.path.join(root, "fonts", "fonts.conf"), encoding="utf-8").read()
    conf = conf.replace("</fontconfig>", f"  <dir>{os.path.join(tmp, 'fontfiles')}</dir>\n</fontconfig>")
    with open(os.path.join(d, "fonts", "fonts.conf"), "w", encoding="utf-8") as f:
        f.write(conf)
    return d


def pdf_fonts(pdf):
    """{BaseFont: (FontFile key, font program bytes)} of every descendant font."""
    out = {}
    with fitz.open(pdf) as doc:
        for x in range(1, doc.xref_length()):
            if doc.xref_get_key(x, "Type")[1] != "/FontDescriptor":
                continue
            name = doc.xref_get_key(x, "FontName")[1].lstrip("/")
            for key in ("FontFile2", "FontFile3"):
                kind, ref = doc.xref_get_key(x, key)
                if kind == "xref":
                    out[name] = (key, doc.xref_stream(int(ref.split()[0])))
    return out


def licences(gw, root, tmp):
    src = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
    fdir = os.path.join(tmp, "fontfiles")
    os.makedirs(fdir)
    n_glyphs = make_font(src, os.path.join(fdir, "restricted.ttf"), "GW Restricted Serif", 0x0002)
    make_font(src, os.path.join(fdir, "bitmap.ttf"), "GW Bitmap Serif", 0x0200)
    make_font(src, os.path.join(fdir, "whole.ttf"), "GW Whole Serif", 0x0100)
    make_font(src, os.path.join(fdir, "office.ttf"), "GW Office Serif", 0x0008)
    env = dict(os.environ)
    sample = os.path.join(root, "examples", "onepage-notice.txt")

    # forbidden faces skipped, named with their bit; the no-subsetting face embedded whole
    d = datadir(root, tmp, "office = GW Restricted Serif, GW Bitmap Serif, GW Whole Serif")
    env["GONGWEN_DATADIR"] = d
    pdf = os.path.join(tmp, "whole.pdf")
    r = subprocess.run([gw, "render", sample, "-o", pdf], capture_output=True, text=True, env=env)
    err = r.stderr
    check(r.returncode == 0, f"render with licensed faces: exit {r.returncode} {err[-400:]}")
    check(re.search(r"GW Restricted Serif .*fsType 0x0002 says Restricted License embedding; skipped", err),
          f"no warning for the restricted face: {err[:800]}")
    check(re.search(r"GW Bitmap Serif .*fsType 0x0200 says Bitmap embedding only; skipped", err),
          f"no warning for the bitmap-only face: {err[:800]}")
    fonts = pdf_fonts(pdf) if r.returncode == 0 else {}
    whole = [n for n in fonts if "GWWholeSerif" in n]
    check(whole and "+" not in whole[0], f"the no-subsetting face is not embedded whole: {list(fonts)}")
    check(not any("Restricted" in n or "Bitmap" in n for n in fonts), f"a forbidden face is embedded: {list(fonts)}")
    if whole:
        key, prog = fonts[whole[0]]
        tt = TTFont(io.BytesIO(prog))
        check(key == "FontFile2" and len(tt.getGlyphOrder()) == n_glyphs,
              f"whole face: {key}, {len(tt.getGlyphOrder())} glyphs of {n_glyphs}")
    out = subprocess.run([gw, "fonts"], capture_output=True, text=True, env=env).stdout
    check("GW Whole Serif" in out and "embedded whole (its licence forbids subsetting)" in out,
          f"gongwen fonts does not show the whole face's treatment:\n{out[-900:]}")

    # only forbidden faces: an error, nothing written
    d = datadir(root, tmp, "office = GW Restricted Serif, GW Bitmap Serif")
    env["GONGWEN_DATADIR"] = d
    pdf = os.path.join(tmp, "none.pdf")
    r = subprocess.run([gw, "render", sample, "-o", pdf], capture_output=True, text=True, env=env)
    check(r.returncode == 1 and "font role Latin: no font may be embedded" in r.stderr and not os.path.exists(pdf),
          f"only forbidden faces: exit {r.returncode} {r.stderr[-400:]}")

    # an office face keeps its own outlines (TrueType), a subset with a tag
    d = datadir(root, tmp, "office = GW Office Serif")
    env["GONGWEN_DATADIR"] = d
    pdf = os.path.join(tmp, "office.pdf")
    r = subprocess.run([gw, "render", "-q", sample, "-o", pdf], capture_output=True, text=True, env=env)
    fonts = pdf_fonts(pdf) if r.returncode == 0 else {}
    office = [n for n in fonts if "GWOfficeSerif" in n]
    check(office and "+" in office[0] and fonts[office[0]][0] == "FontFile2",
          f"the office face is not its own TrueType subset: {[(n, fonts[n][0]) for n in fonts]}")
    stand = [n for n in fonts if "FandolFang" in n]
    check(stand and fonts[stand[0]][0] == "FontFile3", "the stand-in 仿宋 is not a (simplified) CFF")
    if office:
        own = TTFont(src)
        sub = TTFont(io.BytesIO(fonts[office[0]][1]))
        # a digit's outline, point for point: the vendor's own (the subset has no cmap: find
        # the glyph with the same outline among its glyphs)
        g_own = own["glyf"][own.getBestCmap()[ord("2")]]
        want = list(g_own.getCoordinates(own["glyf"])[0])
        same = any(list(sub["glyf"][n].getCoordinates(sub["glyf"])[0]) == want
                   for n in sub.getGlyphOrder() if sub["glyf"][n].numberOfContours > 0)
        check(same, "the office face's outlines are not its own")


def main():
    gw, root = sys.argv[1], os.path.abspath(sys.argv[2])
    tmp = tempfile.mkdtemp(prefix="gw-faces-")
    weights(gw, tmp)
    licences(gw, root, tmp)
    for f in failures:
        print("FAIL:", f)
    print(f"faces: {len(failures)} failures")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
