#!/usr/bin/python3
"""check_proof.py: `gongwen proof` on the examples.

    check_proof.py GONGWEN SOURCE_ROOT OUT_DIR

* Every example passes every conformance rule of its report and matches its reference layout
  record (examples/NAME.layout.json) within 0.1 mm; each has a picture of every page.
* Moving an element by 0.5 mm in a copy of layouts/gbt9704.ini (passed with --layout; for the
  信函, 命令 and 纪要, their own file in a copy of the layouts/ folder) makes
  both the conformance report and the reference comparison fail, and both name the element
  (six elements: the mark, the red rule, the page number, the 正文 by the 订口 and by the 天头,
  the 版记's last rule).
* The pictures are gongwen's own: the mark is red where the layout record puts it, the 正文's
  ink is inside its box.
* --update-references writes records that the comparison then finds the same."""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

gongwen, root, out = sys.argv[1:4]
examples = os.path.join(root, "examples")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def run(*args):
    return subprocess.run([gongwen, *args], capture_output=True, text=True)


def read_png(path):
    """RGB rows of an 8-bit RGB PNG (no interlace), with zlib only."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    w = h = 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    rows, prev, stride = [], bytearray(w * 3), w * 3
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - 3] if x >= 3 else 0
            b = prev[x]
            c = prev[x - 3] if x >= 3 else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows


# ---- every example: all rules pass, the reference matches ----
r = run("proof", "-q", examples, "-o", out)
print(r.stdout)
if r.returncode != 0:
    fail(f"proof of the examples exits {r.returncode}\n{r.stderr}")
names = sorted(f[:-4] for f in os.listdir(examples) if f.endswith(".txt"))
for name in names:
    d = os.path.join(out, name)
    line = next((l for l in r.stdout.splitlines() if l.startswith(os.path.join(examples, name + ".txt"))), "")
    if ": PASS " not in line or "reference: same" not in line:
        fail(f"{name}: {line!r}")
    report = open(os.path.join(d, "report.txt"), encoding="utf-8").read()
    rules = [l for l in report.splitlines() if l.startswith(("PASS", "FAIL"))]
    if not rules or any(l.startswith("FAIL") for l in rules):
        fail(f"{name}: report has {len(rules)} rules, failing: {[l for l in rules if l.startswith('FAIL')]}")
    rec = json.load(open(os.path.join(d, "layout.json"), encoding="utf-8"))
    for p in range(1, rec["pages"] + 1):
        for kind in ("page", "thumb"):
            if not os.path.isfile(os.path.join(d, f"{kind}-{p}.png")):
                fail(f"{name}: no {kind}-{p}.png")
    # the rules each 版式 must report (its title, 版记 and header rule as it has them)
    fmt = report.splitlines()[0].split("(")[1].split("格式")[0] if "格式" in report.splitlines()[0] else "文件"
    model = json.loads(run("dump", "-q", os.path.join(examples, name + ".txt")).stdout)
    needed = ["paper-size", "type-area", "grid-line", "issuer-mark-top", "page-number-dash"]
    needed += {"信函": ["letter-double-rules", "letter-rule-gap", "letter-rule-foot", "page-number-letter"],
               "命令": ["no-header-rule"] + (["order-body-gap"] if model["doc_number"] else [])}.get(
        fmt, ["header-rule-gap"])
    if model["title"]:
        needed.append("title-centred")
    if any(model["colophon"][k] for k in ("cc", "distribute", "main_to")):
        needed.append("colophon-no-rules" if fmt == "信函" else "colophon-last-rule")
    if any(model["attendance"].values()):
        needed += ["attendance-indent", "attendance-label-font", "attendance-hang"]
    if any(b["kind"] == "table" for b in model["body"] + [b for a in model["annexes"] for b in a["body"]]):
        needed += ["table-width", "table-size", "table-header-row"]
    for n_ in needed:
        if not any(re.match(rf"(PASS|FAIL) {n_} ", l) for l in rules):
            fail(f"{name}: the report lacks {n_}")
    print(f"ok   {name}: {len(rules)} rules pass, {rec['pages']} pages, {len(rec['elements'])} elements")

# ---- the pictures are the layout's: red mark ink where the record says, body ink in its box ----
rec = json.load(open(os.path.join(out, "quanzhou-kjj-2021-172", "layout.json"), encoding="utf-8"))
w, h, rows = read_png(os.path.join(out, "quanzhou-kjj-2021-172", "page-1.png"))
px_per_mm = w / 210.0
mark = next(e for e in rec["elements"] if e["element"] == "issuer_mark")
red_rows = [y for y in range(h) if any(rows[y][x] > 200 and rows[y][x + 1] < 60 and rows[y][x + 2] < 80
                                       for x in range(0, w * 3, 3))]
top = red_rows[0] / px_per_mm if red_rows else -1
if abs(top - 72.0) > 0.6:  # a pixel at 100 dpi is 0.25 mm
    fail(f"picture: the red ink of the mark starts at {top:.2f} mm, the record says 72.00")
else:
    print(f"ok   picture: red mark ink from {top:.2f} mm (72.00 in the record, {mark['y0']} em top)")

# ---- moving an element by 0.5 mm in the rules fails both, naming it ----
MOVES = [
    ("issuer_mark_top_mm = 35", "issuer_mark_top_mm = 35.5", "issuer-mark-top", "发文机关标志", "issuer_mark", "down 0.50 mm"),
    ("red_rule_gap_mm = 4 ", "red_rule_gap_mm = 4.5 ", "header-rule-gap", "版头分隔线", "header_rule", "down 0.50 mm"),
    ("dash_below_type_area_mm = 7 ", "dash_below_type_area_mm = 7.5 ", "page-number-dash", "页码", "page_number", "down 0.50 mm"),
    ("binding_margin_mm = 28 ", "binding_margin_mm = 28.5 ", "paragraph-indent", "正文", "body", "right 0.50 mm"),
    ("top_margin_mm = 37 ", "top_margin_mm = 37.5 ", "grid-line", "正文", "body", "down 0.50 mm"),
    ("type_area_height_mm = 225", "type_area_height_mm = 224.5", "colophon-last-rule", "版记分隔线", "colophon_rule", "up 0.50 mm"),
]
rules_text = open(os.path.join(root, "layouts", "gbt9704.ini"), encoding="utf-8").read()
doc = os.path.join(examples, "upward-request.txt")


def check_move(doc, old, new, rule, zh, el, how):
    """gbt9704.ini with old replaced by new: proof of doc fails rule naming zh, and the
    reference comparison says el moved how."""
    assert old in rules_text, old
    mod = os.path.join(out, "moved.ini")
    open(mod, "w", encoding="utf-8").write(rules_text.replace(old, new, 1))
    r = run("proof", "-q", "--layout", mod, doc, "-o", os.path.join(out, "moved"))
    fails = [l for l in r.stdout.splitlines() if l.strip().startswith(f"FAIL {rule} ") and f" {zh} " in l]
    moved = [l for l in r.stdout.splitlines() if f"({el} " in l and how in l]
    if r.returncode != 1:
        fail(f"{new}: proof exits {r.returncode}")
    if not fails:
        fail(f"{new}: the report does not fail {rule} naming {zh}:\n{r.stdout}")
    if not moved:
        fail(f"{new}: the reference comparison does not say {el} moved {how}:\n{r.stdout}")
    if fails and moved:
        print(f"ok   {new}: {fails[0].strip()}\n         {moved[0].strip()}")


for move in MOVES:
    check_move(doc, *move)

# ---- the seal's place under its 署名, on a sealed document ----
SEAL_MOVES = [("signature_below_centre_mm = 1 ", "signature_below_centre_mm = 1.5 ",
               "seal-signature-below-centre", "发文机关署名", "seal", "up 0.50 mm")]
for move in SEAL_MOVES:
    check_move(os.path.join(examples, "request-three-attachments.txt"), *move)
MOVES += SEAL_MOVES

# ---- the same for the special formats: their own rules files (laid over gbt9704.ini) ----
FORMAT_MOVES = [
    ("letter.ini", "letter-urgent.txt", "mark_gap_mm = 4 ", "mark_gap_mm = 4.5 ", "letter-rule-gap",
     "版头分隔线", "header_rule", "down 0.50 mm"),
    ("letter.ini", "letter-urgent.txt", "header_gap_pt = 14 ", "header_gap_pt = 15.42 ",
     "letter-doc-number-line", "发文字号", "doc_number", "down 0.50 mm"),
    ("order.ini", "order-text.txt", "issuer_mark_top_mm = 20 ", "issuer_mark_top_mm = 20.5 ",
     "issuer-mark-top", "发文机关标志", "issuer_mark", "down 0.50 mm"),
    ("gbt9704.ini", "minutes-meeting.txt", "indent_chars = 2               ; 左空二字; continuation",
     "indent_chars = 2.1               ; 左空二字; continuation", "attendance-indent", "出席列席",
     "attendance", "right 0.56 mm"),
]
for fname, name, old, new, rule, zh, el, how in FORMAT_MOVES:
    folder = os.path.join(out, "moved-" + fname[:-4])
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(os.path.join(root, "layouts"), folder)  # a whole layouts/ folder: --layout DIR
    text = open(os.path.join(folder, fname), encoding="utf-8").read()
    assert old in text, old
    open(os.path.join(folder, fname), "w", encoding="utf-8").write(text.replace(old, new, 1))
    r = run("proof", "-q", "--layout", folder, os.path.join(examples, name), "-o", os.path.join(out, "moved"))
    fails = [l for l in r.stdout.splitlines() if l.strip().startswith(f"FAIL {rule} ") and f" {zh} " in l]
    moved = [l for l in r.stdout.splitlines() if f"({el} " in l and how in l]
    if r.returncode != 1 or not fails or not moved:
        fail(f"{fname} {new}: exit {r.returncode}; the report or the comparison misses it:\n{r.stdout}")
    else:
        print(f"ok   {fname} {new}: {fails[0].strip()}\n         {moved[0].strip()}")
MOVES += FORMAT_MOVES

# ---- --update-references writes records the comparison finds the same ----
tmp = os.path.join(out, "refs")
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(tmp)
shutil.copy(doc, tmp)
r = run("proof", "-q", "--update-references", tmp)
ref = os.path.join(tmp, "upward-request.layout.json")
if r.returncode != 0 or not os.path.isfile(ref):
    fail(f"--update-references: exit {r.returncode}, {r.stdout}{r.stderr}")
else:
    lines = open(ref, encoding="utf-8").read().splitlines()
    els = [l for l in lines if l.startswith('{"page"')]
    if any(not l.startswith('{"page": ') for l in els) or len(els) < 10:
        fail("--update-references: not one element a line")
    if open(ref, encoding="utf-8").read() != open(os.path.join(examples, "upward-request.layout.json"), encoding="utf-8").read():
        fail("--update-references: differs from the committed reference")
    r = run("proof", "-q", tmp, "-o", os.path.join(out, "refs-out"))
    if r.returncode != 0 or "reference: same" not in r.stdout:
        fail(f"proof after --update-references: {r.stdout}")

print(f"{len(names) + len(MOVES) + 2 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
