#!/usr/bin/env python3
"""Renders a 公文 with gongwen and measures the PDF against GB/T 9704-2012, in millimetres.

Independent of the program's own idea of where things went: positions come from the PDF
(PyMuPDF text and drawings, pixels of a raster for ink edges, poppler for fonts and text).
The expected numbers are the standard's (../shared/spec/gbt9704.md), written here on purpose
and not read from layouts/: a wrong number there must make this test fail.

usage: check_render.py GONGWEN INPUT.txt [--layout RULES.ini] [--set SECTION.KEY=VALUE ...]

--set renders with a copy of layouts/gbt9704.ini with that key changed (e.g. to allow the
（此页无正文） page, or to show that a check fails when a rule is broken); the expectations
below stay the standard's.

The special formats (§10) and tables (§8) are measured in detail by check_formats.py; here the
信函's mark is at 30 mm from the sheet and the 命令's at 20 mm below the 版心, the 信函's header
lines hang from its double rule (off the grid) and its page 1 has no number, a 命令 has no red
rule; a landscape page's turned text (a wide table) is not 3号 text of the grid. The text check
here is of the documents without tables (check_text.py reads every document in reading order).

The closing block (附件说明, 署名, seals or signature stamps, 成文日期, 附注; GB/T 9704 §7.3.4–7.3.6)
is measured too: never split, never without two lines of 正文 on its page, the pitch of a
squeezed page (§7.3.5.5), the seals against the 署名 and date rows (§7.3.5.1), the stamps
against the 职务 and the date (§7.3.5.3). Each run prints one line `closing: …` with what it
measured (page, remedy, pitch, seal boxes in mm).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import fitz  # python3-fitz (PyMuPDF)

from standard import (BIND, BODY_H, BODY_W, CELL, INK_LEFT, INK_RIGHT, LINES, PAGE_H, PAGE_W,
                      PITCH, PT, TOL, TOP, body_x, check, failures, near)

MARK_TOP = TOP + 35.0                       # 发文机关标志 ink top, y = 72 mm
PAGENO_Y = TOP + BODY_H + 7.0               # 一字线 7 mm below the 版心: 269 mm
LINE_CHARS = 28
RED = (1.0, 0.0, 0.0)
# 避头尾 (GB/T 15834-2011 §5.1): may not start a line / may not end a line
NO_START = set("，。、；：？！）》」』】〕〉”’…—%")
NO_END = set("（《「『【〔〈“‘")


def is_cjk(ch):
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FFFF
            or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026, 0x00B7))


def chars_of(page):
    """Every character with its font, size, colour, origin and bbox, in mm."""
    out = []
    d = page.get_text("rawdict")
    for b in d["blocks"]:
        for l in b.get("lines", []):
            if tuple(round(v) for v in l["dir"]) != (1, 0):
                continue  # a landscape page's turned text (check_formats.py measures it)
            for s in l["spans"]:
                col = s["color"]
                rgb = ((col >> 16) & 255) / 255, ((col >> 8) & 255) / 255, (col & 255) / 255
                for c in s["chars"]:
                    x0, y0, x1, y1 = c["bbox"]
                    out.append(dict(c=c["c"], font=s["font"], size=s["size"], rgb=rgb,
                                    x=c["origin"][0] * PT, base=c["origin"][1] * PT,
                                    x0=x0 * PT, x1=x1 * PT, y0=y0 * PT, y1=y1 * PT))
    return out


def lines_of(chars):
    """Groups characters into lines by baseline (mm), sorted top to bottom, left to right."""
    lines = []
    for ch in sorted(chars, key=lambda c: (round(c["base"], 1), c["x"])):
        if lines and abs(lines[-1][0]["base"] - ch["base"]) < 0.3:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    for l in lines:
        l.sort(key=lambda c: c["x"])
    return lines


def ink_rows(page, want_red, dpi=400):
    """y (mm) of the first and last raster rows holding red (or dark) ink, per page."""
    pix = page.get_pixmap(dpi=dpi, colorspace=fitz.csRGB, alpha=False)
    w, h, n = pix.width, pix.height, pix.n
    data = pix.samples
    rows = []
    for y in range(h):
        row = data[y * w * n:(y + 1) * w * n]
        hit = False
        for x in range(0, w * n, n * 2):
            r, g, b = row[x], row[x + 1], row[x + 2]
            if want_red and r > 180 and g < 110 and b < 110:
                hit = True
                break
        if hit:
            rows.append(y * 25.4 / dpi)
    return rows


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    gongwen, src = sys.argv[1], sys.argv[2]
    opts = sys.argv[3:]
    layout = opts[opts.index("--layout") + 1] if "--layout" in opts else None
    tmp = tempfile.mkdtemp(prefix="gw-test-")
    sets = [opts[k + 1] for k, o in enumerate(opts) if o == "--set"]
    if sets:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from rules_override import override
        ini = override(sets, layout)
        layout = os.path.join(tmp, "rules.ini")
        with open(layout, "w") as f:
            f.write(ini)
    pdf = os.path.join(tmp, "out.pdf")
    r = run([gongwen, "render", src, "-o", pdf] + (["--layout", layout] if layout else []))
    if r.returncode != 0:
        print(r.stderr)
        print("FAIL: render exited", r.returncode)
        return 1
    model = json.loads(run([gongwen, "dump", "-q", src]).stdout)
    fmt = model["format"]
    global MARK_TOP
    MARK_TOP = {"信函": 30.0, "命令": TOP + 20.0}.get(fmt, TOP + 35.0)   # §10.1, §10.2, §7.2.4

    # ---- the PDF itself: qpdf, poppler, fonts --------------------------------------
    q = run(["qpdf", "--check", pdf])
    check(q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout,
          "qpdf --check: " + q.stdout + q.stderr)
    pf = run(["pdffonts", pdf])
    check(pf.stderr.strip() == "", "pdffonts warns: " + pf.stderr)
    font_rows = pf.stdout.splitlines()[2:]
    check(len(font_rows) >= 2, "pdffonts lists fewer than 2 fonts")
    for row in font_rows:
        cols = row.split()
        # name type encoding emb sub uni object ID
        check(cols[-5:-2] == ["yes", "yes", "yes"] and re.match(r"^[A-Z]{6}\+", cols[0]) is not None,
              "font not embedded as a subset with ToUnicode: " + row)
    pt = run(["pdftotext", "-layout", pdf, "-"])
    check(pt.stderr.strip() == "", "pdftotext warns: " + pt.stderr)
    pp = run(["pdftoppm", "-r", "20", "-png", pdf, os.path.join(tmp, "p")])
    check(pp.returncode == 0 and pp.stderr.strip() == "", "pdftoppm warns: " + pp.stderr)

    doc = fitz.open(pdf)
    n = doc.page_count
    for page in doc:   # a landscape page (/Rotate 90) measured on the sheet as printed
        if page.rotation:
            page.set_rotation(0)
    cp = model["colophon"]
    has_colophon = any(cp[k] for k in ("main_to", "cc", "distribute", "printer", "print_date"))
    if has_colophon:
        check(n % 2 == 0, f"page count {n} is odd: the 版记 must be on an even page")
    info = doc.metadata
    check((info.get("title") or None) == (model["title"] or {}).get("text"), f"Title is {info.get('title')!r}")
    if model["doc_number"]:
        check(info.get("subject") == model["doc_number"]["text"], f"Subject is {info.get('subject')!r}")
    check((info.get("creator") or "").startswith("gongwen "), f"Creator is {info.get('creator')!r}")
    issuers = "、".join(i["text"] for i in model["issuers"])
    if issuers:   # (a 纪要's mark names a meeting: no 发文机关 to derive)
        check(info.get("author") == issuers, f"Author is {info.get('author')!r}, want {issuers!r}")

    pages = [chars_of(doc[i]) for i in range(n)]
    for i, chars in enumerate(pages):
        pno = i + 1
        mb = doc[i].mediabox   # (a landscape page is an A4 sheet shown turned: /Rotate 90)
        check(abs(mb.width * PT - PAGE_W) < 0.1 and abs(mb.height * PT - PAGE_H) < 0.1,
              f"page {pno} is not A4")
        left, right = body_x(pno)
        for ch in chars:
            if ch["base"] > TOP + BODY_H + 2:   # page number, below the 版心
                continue
            # a mark whose ink sits in the left half of its em box may be compressed to half a
            # 字 at a line's end (CLREQ): its ink, the left half, is what stays inside
            x1 = ch["x0"] + (ch["x1"] - ch["x0"]) / 2 if ch["c"] in INK_LEFT else ch["x1"]
            x0 = ch["x0"] + (ch["x1"] - ch["x0"]) / 2 if ch["c"] in INK_RIGHT else ch["x0"]
            if not (x0 >= left - TOL and x1 <= right + TOL):
                check(False, f"page {pno}: {ch['c']!r} at x {ch['x0']:.2f}–{ch['x1']:.2f} mm outside the 版心 {left}–{right}")
                break
        # colours: red only in the 发文机关标志 on page 1
        for ch in chars:
            if ch["rgb"] != (0.0, 0.0, 0.0):
                red_ok = pno == 1 and ch["rgb"][0] > 0.9 and ch["rgb"][1] < 0.1 and ch["base"] < 120
                if not check(red_ok, f"page {pno}: {ch['c']!r} coloured {ch['rgb']}"):
                    break

    # ---- 版头: mark, doc number, red rule ---------------------------------------------
    p1 = doc[0]
    drawings = p1.get_drawings()
    red_rules = []
    for d in drawings:
        col = d.get("color")
        if col and col[0] > 0.9 and col[1] < 0.1 and col[2] < 0.1:
            r_ = d["rect"]
            red_rules.append((r_.x0 * PT, r_.x1 * PT, (r_.y0 + r_.y1) / 2 * PT, (d.get("width") or 0) * PT))
    mark_text = None
    spaced = False
    if model["issuer_mark"]:
        mark_text = model["issuer_mark"]["text"]
        spaced = re.search(r"[ \u3000\t]", mark_text) is not None   # a joint mark written with spaces
        mark_text = re.sub(r"[ \u3000\t]", "", mark_text)
    elif len(model["issuers"]) > 1 and model["format"] == "文件":
        mark_text = "".join(i["text"] for i in model["issuers"]) + "文件"   # 联合行文: stacked names + 文件
    if mark_text:
        rows = ink_rows(p1, True)
        rule_y = min(r[2] for r in red_rules) if red_rules else 999
        mark_rows = [y for y in rows if y < rule_y - 1.0]
        check(mark_rows and near(mark_rows[0], MARK_TOP),
              f"发文机关标志 ink top at {mark_rows[0] if mark_rows else None} mm, want {MARK_TOP} ± {TOL}")
        mark = [c for c in pages[0] if c["rgb"][0] > 0.9 and c["rgb"][1] < 0.1]
        if check(mark, "no red 发文机关标志 text"):
            text = "".join(c["c"] for c in sorted(mark, key=lambda c: (round(c["base"]), c["x"])) if not c["c"].isspace())
            if model["issuer_mark"] and not spaced:
                check(text == mark_text, f"mark text {text!r}, want {mark_text!r}")
            else:
                check(sorted(text) == sorted(mark_text), f"joint mark holds {text!r}, want the issuers and 文件")
            cx = (min(c["x0"] for c in mark) + max(c["x1"] for c in mark)) / 2
            check(near(cx, BIND + BODY_W / 2, 1.0), f"mark centred at x {cx:.2f} mm, want {BIND + BODY_W / 2}")
            check(max(c["x1"] for c in mark) - min(c["x0"] for c in mark) <= BODY_W + TOL, "mark wider than the 版心")
    want_rules = {"信函": 4, "命令": 0}.get(fmt, 1)   # 信函: two double rules; 命令: none
    check(len(red_rules) == want_rules, f"{len(red_rules)} red rules on page 1, want {want_rules}")
    if fmt in ("文件", "纪要") and len(red_rules) == 1:
        x0, x1, y, w = red_rules[0]
        check(near(x0, BIND) and near(x1, BIND + BODY_W), f"red rule spans {x0:.2f}–{x1:.2f} mm, want 28–184")
        if model["doc_number"]:
            dn = [l for l in lines_of(pages[0]) if "".join(c["c"] for c in l).startswith(model["doc_number"]["text"])]
            if model["signers"]:   # 上行文: the 发文字号 sits on the line of the last 签发人 name
                dn = [l for l in dn if "".join(c["c"] for c in l).endswith(model["signers"][-1]["text"])]
            if check(dn, "发文字号 line not found on page 1"):
                base = dn[-1][0]["base"]
                size = dn[-1][0]["size"] * PT
                em_bottom = base + 0.12 * size
                check(near(y - em_bottom, 4.0), f"red rule {y - em_bottom:.2f} mm below the 发文字号, want 4")
                l = dn[-1]
                if model["signers"]:
                    # 发文字号 左空一字, 签发人 右空一字 (§7.2.5, §7.2.6)
                    check(near(l[0]["x0"], BIND + CELL), f"上行文 发文字号 starts at {l[0]['x0']:.2f} mm, want {BIND + CELL:.2f}")
                    check(near(l[-1]["x1"], BIND + BODY_W - CELL, 1.0), f"签发人 ends at {l[-1]['x1']:.2f} mm, want {BIND + BODY_W - CELL:.2f}")
                else:
                    cx = (l[0]["x0"] + l[-1]["x1"]) / 2
                    check(near(cx, BIND + BODY_W / 2), f"发文字号 centred at {cx:.2f} mm")
                check(base > MARK_TOP, "发文字号 above the mark")

    def grid_index(ch):
        # em-box top of a 3号 line i: TOP + (i-1)*PITCH; baseline = top + em_top*size
        top = ch["base"] - 0.88 * ch["size"] * PT
        i = (top - TOP) / PITCH
        return i

    def line_text(l):
        return "".join(c["c"] for c in l)

    # ---- 标题 and 主送 on page 1: 2号, centred, 2 blank lines below the red rule ---------------
    if model["title"] and red_rules and fmt in ("文件", "纪要"):
        rule_y = red_rules[0][2]
        tl = [l for l in lines_of(pages[0]) if abs(l[0]["size"] - 22) < 0.1 and l[0]["rgb"] == (0.0, 0.0, 0.0)]
        if check(tl, "no 2号 title on page 1"):
            # (a U+3000 between two issuers is not printed where the line breaks there)
            check("".join(line_text(l) for l in tl).replace("\u3000", "") ==
                  model["title"]["text"].replace(" ", "").replace("\u3000", ""),
                  "title lines do not spell the title")
            first_free = int(-(-(rule_y - TOP) // PITCH))          # first grid line below the rule (0-based)
            for k, l in enumerate(tl):
                centre = l[0]["base"] - (0.88 - 0.5) * 22 * PT       # middle of the 22-pt em box
                want = TOP + (first_free + 2 + k) * PITCH + 8 * PT   # middle of grid line's em box
                check(near(centre, want), f"title line {k + 1} centred at y {centre:.2f} mm, want {want:.2f}")
                cx = (l[0]["x0"] + l[-1]["x1"]) / 2
                check(near(cx, BIND + BODY_W / 2), f"title line {k + 1} centred at x {cx:.2f} mm, want 106")
                check(l[-1]["x1"] - l[0]["x0"] <= BODY_W + TOL, f"title line {k + 1} wider than the 版心")
            widths = [l[-1]["x1"] - l[0]["x0"] for l in tl]
            if len(widths) >= 2:
                # 梯形 (long on top) or 菱形 (short-long-short), never an inverted 梯形
                # (lines within 1 字 of each other read as level: `…关于成立` / `科技创新工作领导小组的通知`)
                check(widths[-1] <= max(widths[:-1]) + 22 * PT + TOL,
                      f"title lines widen downwards (inverted 梯形): {[round(w) for w in widths]} mm")
            if model["addressee"]:
                want_ad = model["addressee"]["text"] + "："
                ad = [l for l in lines_of(pages[0]) if len(line_text(l)) >= 4 and want_ad.startswith(line_text(l))]
                if check(ad, "主送 line not found on page 1"):
                    gi = grid_index(ad[0][0])
                    check(abs(gi - (first_free + 2 + len(tl) + 1)) * PITCH <= TOL,
                          f"主送 on grid line {gi + 1:.2f}, want one blank line below the title")
                    check(near(ad[0][0]["x0"], BIND, 0.6), f"主送 starts at {ad[0][0]['x0']:.2f} mm, want flush left")

    # ---- the grid: every line of 主体 sits on a grid line; full pages have 22 lines; full lines 28 chars
    def body_lines(chars):
        return [l for l in lines_of(chars) if l[0]["base"] < TOP + BODY_H + 2 and abs(l[0]["size"] - 16) < 0.1]

    def cell_widths(line):
        """Each character's share of the grid in cells: 1, or ½ for a mark compressed (CLREQ:
        adjacent marks share 1.5 字, a line-end mark may be half a 字)."""
        out = [1.0] * len(line)
        for k, c in enumerate(line):
            if k + 1 < len(line):
                adv = line[k + 1]["x"] - c["x"]
            else:
                adv = right - (c["x"] + (16 * PT - CELL) / 2)   # to the 版心's edge
            if adv < 0.75 * CELL:
                if c["c"] in INK_LEFT:
                    out[k] = 0.5
                elif k + 1 < len(line) and line[k + 1]["c"] in INK_RIGHT:
                    out[k + 1] = 0.5   # an opening mark drawn half a 字 left: it lost its blank
        return out

    def kinsoku_reason(line, nxt, expected, cells):
        """Why a full line holds other than `expected` cells: 避头尾 (GB/T 15834 §5.1)."""
        if cells > expected:
            # squeezed: at most half a 字 by tracking (≤ 0.3 pt a gap), or what was pulled in
            # (its punctuation compressed first) may not start a line
            return cells - expected <= 0.5 or line_text(line)[-1] in NO_START
        if expected - cells <= 0.5:
            return True   # half a 字 spread by tracking (≤ 0.3 pt a gap): a compressed pair inside
        if (expected - cells) * CELL / PT / max(len(line) - 1, 1) <= 2.0:
            return True   # spread within 2 pt a gap by the whole paragraph's breaking, which
                          # check_typography.py measures (≤ 5 % over 0.3 pt, none over 2 pt)
        if not nxt:
            return False
        k = round(expected - cells)   # pushed: breaking k characters later would be illegal
        t = line_text(nxt)
        if len(t) <= k:
            return False
        # a number or Latin word is never broken: it did not fit in the cells left
        if t[0].isascii() and t[0].isalnum():
            return True
        # 避孤字: the paragraph's last line would otherwise hold one character and its punctuation
        if k == 1 and len(t.rstrip("".join(NO_START))) == 2 and len(t) <= 4:
            return True
        return (t[k] in NO_START or t[k - 1] in NO_END or t[k - 1:k + 1] in ("——", "……")
                or (k >= 2 and t[k - 2:k] in ("——", "……")))

    all_body = [body_lines(chars) for chars in pages]
    cl = check_closing(doc, pages, all_body, model, red_rules, layout)
    # 信函: 份号… and the 发文字号 hang from the double rule, above the title (§10.1)
    letter_head = min((l[0]["base"] for l in lines_of(pages[0]) if abs(l[0]["size"] - 22) < 0.1),
                      default=TOP + BODY_H) if fmt == "信函" else 0
    # 纪要: a 出席/请假/列席 list hangs under its first name (§10.3)
    hanging = set()
    for k in ("present", "absent", "attending"):
        if model["attendance"][k]:
            hanging |= {c for c in model["attendance"][k]["text"] if not c.isspace()}
    full_lines = 0
    for i, lines in enumerate(all_body):
        pno = i + 1
        left, right = body_x(pno)
        for j, l in enumerate(lines):
            text = line_text(l)
            if i == cl.get("page") and text in cl.get("off_grid", ()):
                continue   # a 职务, centred on its signature stamp (§7.3.5.3)
            if i == 0 and l[0]["base"] < letter_head:
                continue
            if hanging and set(text) <= hanging | {"、", "，", "（", "）", " "} and \
                    near(l[0]["x0"] - left, 5 * CELL + (CELL - 16 * PT) / 2, 1.0):
                continue   # (measured by check_formats.py)
            if i == cl.get("squeezed"):
                gi = (l[0]["base"] - 0.88 * 16 * PT - cl["ref"]) / cl["pitch"]
                check(abs(gi - round(gi)) * cl["pitch"] <= 0.1 or l[0]["base"] < cl["ref"],
                      f"page {pno}: line {text[:10]!r} is off the squeezed page's grid of {cl['pitch'] / PT:.2f} pt")
            else:
                gi = grid_index(l[0])
                check(abs(gi - round(gi)) * PITCH <= TOL,
                      f"page {pno}: line {text[:10]!r} is {abs(gi - round(gi)) * PITCH:.2f} mm off the grid")
            end = l[-1]["x0"] + (16 * PT + CELL) / 2 if text[-1] in INK_LEFT else l[-1]["x1"]
            if not (all(is_cjk(c) for c in text) and (near(l[-1]["x1"], right, 1.0) or near(end, right, 1.0))
                    and len(l) >= 20):
                continue
            # a full line of pure Chinese text: 28 cells, less the 2-字 indent of a first line
            indent = round((l[0]["x0"] - left) / CELL)
            check(indent in (0, 2), f"page {pno}: line starts {l[0]['x0'] - left:.2f} mm in: {text}")
            expected = LINE_CHARS - indent
            nxt = lines[j + 1] if j + 1 < len(lines) else (all_body[i + 1][0] if i + 1 < n and all_body[i + 1] else None)
            full_lines += 1
            widths = cell_widths(l)
            cells = sum(widths)
            if abs(cells - expected) > 0.25:
                check(kinsoku_reason(l, nxt, expected, cells),
                      f"page {pno}: full line holds {cells:g} cells, want {expected} (no 避头尾 reason): {text}")
            else:
                # on the grid: each character's cell starts where the cells before it end
                pos = [sum(widths[:k]) for k in range(len(l))]
                worst = max(abs((c["x0"] + c["x1"]) / 2 - (left + (indent + pos[k] + 0.5) * CELL)) for k, c in enumerate(l)
                            if c["c"] not in NO_START and c["c"] not in NO_END)
                check(worst <= TOL, f"page {pno}: a character is {worst:.2f} mm off its grid cell: {text}")
        # a full page: the flow continues on the next page, so this one is filled to line 22
        if i + 1 < n and lines:
            nxt_lines = lines_of(pages[i + 1])
            head = nxt_lines[:3]
            starts_new = (not all_body[i + 1] or any(abs(c["size"] - 22) < 0.5 for l in head for c in l)
                          or (nxt_lines and re.fullmatch(r"附件\d*", line_text(nxt_lines[0])) is not None))
            if not starts_new:
                last = round(grid_index(lines[-1][0])) + 1
                first_font = all_body[i + 1][0][0]["font"]
                heading_next = any(k in first_font for k in ("Hei", "hei", "Kai", "kai", "Sans"))
                # the 署名 (or 附件说明) may take the last lines of text with it to a new page
                closing = {s["issuer"]["text"] for s in model["signatures"] if s["issuer"]}
                if model["date"]:
                    closing.add(model["date"]["text"])
                took_text = (any(line_text(l) in closing or line_text(l).startswith("附件：")
                                 for l in all_body[i + 1][:8]) or cl.get("page") == i + 1)
                check(last == LINES or (heading_next and last == LINES - 1) or took_text,
                      f"page {pno}: text continues on the next page but ends on grid line {last}, want {LINES}")
                # a heading never stands alone at the foot of a page
                tail = lines[-1]
                check(not all(any(k in c["font"] for k in ("Hei", "hei", "Kai", "kai", "Sans")) for c in tail),
                      f"page {pno}: ends with a heading standing alone: {line_text(tail)}")
    check(full_lines > 0 or n <= 2, "no full lines of Chinese text found")
    # 避孤字: no paragraph ends in a line holding a single character and its punctuation
    for i, lines in enumerate(all_body):
        left, _ = body_x(i + 1)
        for l in lines:
            t = line_text(l).rstrip("".join(NO_START))
            if len(t) == 1 and near(l[0]["x0"], left, 1.0) and not (i == 0 and l[0]["base"] < MARK_TOP):
                check(False, f"page {i + 1}: a paragraph ends in a single character: {line_text(l)!r}")

    # ---- typefaces by role: 一级 黑体, 二级 楷体, 三级/四级 and 正文 仿宋, 标题 = 标志 小标宋, 页码 宋体
    def fonts_of_lines_starting(prefixes):
        found = set()
        for chars in pages:
            for l in lines_of(chars):
                t = line_text(l)
                for p_ in prefixes:
                    if len(p_) >= 4 and t.startswith(p_[:min(len(p_), len(t))]) and abs(l[0]["size"] - 16) < 0.1:
                        k = min(len(p_), len(l))
                        found |= {c["font"] for c in l[:k] if not c["c"].isascii()}
        return found

    blocks = list(model["body"]) + [b for a in model["annexes"] for b in a["body"]]
    heads = {lv: [b["heading"] for b in blocks if b["kind"] == "heading" and b["level"] == lv] for lv in (1, 2, 3, 4)}
    paras = [b["text"][:12] for b in blocks if b["kind"] == "paragraph" and len(b["text"]) >= 12]
    body_f = fonts_of_lines_starting(paras)
    f1, f2 = fonts_of_lines_starting(heads[1]), fonts_of_lines_starting(heads[2])
    f34 = fonts_of_lines_starting(heads[3] + heads[4])
    if paras:
        check(len(body_f) == 1, f"正文 in several fonts: {body_f}")
    if heads[1]:
        check(len(f1) == 1 and not (f1 & body_f), f"一级标题 font {f1} (want one, not the 正文's {body_f})")
    if heads[2]:
        check(len(f2) == 1 and not (f2 & body_f) and not (f2 & f1), f"二级标题 font {f2} (want one, not 正文's or 一级's)")
    if heads[3] + heads[4] and body_f:
        check(f34 <= body_f, f"三级/四级标题 font {f34}, want the 正文's {body_f}")
    # a regulation's chapter titles (第一章　总则): centred, in the 一级标题's face, never the
    # last line of a page
    chapters = [b["text"] for b in blocks if b["kind"] == "chapter"]
    for i, chars in enumerate(pages):
        left, right = body_x(i + 1)
        ls = [l for l in lines_of(chars) if abs(l[0]["size"] - 16) < 0.1 and l[0]["base"] < TOP + BODY_H]
        for k, l in enumerate(ls):
            if line_text(l).replace(" ", "") not in chapters:
                continue
            mid = (min(c["x0"] for c in l) + max(c["x1"] for c in l)) / 2
            check(near(mid, (left + right) / 2, 0.5), f"page {i + 1}: chapter {line_text(l)!r} centred at {mid:.2f}, want {(left + right) / 2:.2f}")
            fl = {c["font"] for c in l if not c["c"].isascii() and not c["c"].isspace()}
            check(not (fl & body_f) and (not f1 or fl <= f1), f"page {i + 1}: chapter {line_text(l)!r} in {fl}, want the 一级标题's face")
            check(k < len(ls) - 1, f"page {i + 1}: chapter {line_text(l)!r} alone at the foot of the page")
    title_f = {c["font"] for c in pages[0] if abs(c["size"] - 22) < 0.1 and c["rgb"] == (0.0, 0.0, 0.0)}
    mark_f = {c["font"] for c in pages[0] if c["rgb"][0] > 0.9 and c["rgb"][1] < 0.1}
    if title_f and mark_f:
        check(title_f == mark_f, f"标题 font {title_f} is not the 标志's {mark_f} (both 小标宋)")
    foot_f = {c["font"] for chars in pages for c in chars if c["base"] > TOP + BODY_H + 2 and c["c"] == "—"}
    if foot_f and body_f:
        check(len(foot_f) == 1 and not (foot_f & body_f), f"页码 font {foot_f}: want 宋体, not the 正文's 仿宋")

    # ---- page numbers ------------------------------------------------------------------
    numbered = 0
    for i, chars in enumerate(pages):
        pno = i + 1
        foot = [c for c in chars if c["base"] > TOP + BODY_H + 2]
        if not foot:
            continue
        numbered += 1
        text = "".join(c["c"] for c in sorted(foot, key=lambda c: c["x"]))
        check(re.fullmatch(r"— ?%d ?—" % pno, text) is not None, f"page {pno}: page number reads {text!r}")
        check(all(abs(c["size"] - 14) < 0.1 for c in foot), f"page {pno}: page number not 4号")
        left, right = body_x(pno)
        x0 = min(c["x0"] for c in foot)
        x1 = max(c["x1"] for c in foot)
        if pno % 2:
            check(near(x1, right - CELL), f"page {pno}: page number ends at {x1:.2f}, want {right - CELL:.2f}")
        else:
            check(near(x0, left + CELL), f"page {pno}: page number starts at {x0:.2f}, want {left + CELL:.2f}")
        # the 一字线's stroke, measured on the raster: its dark rows inside the first dash's box
        dash = [c for c in foot if c["c"] == "—"]
        if check(dash, f"page {pno}: no 一字线 in the page number"):
            d = dash[0]
            # below the 版心 only: the box of a CJK dash reaches up into the last text line
            clip = fitz.Rect(d["x0"] / PT + 1, max(d["y0"], TOP + BODY_H + 0.5) / PT, d["x1"] / PT - 1, d["y1"] / PT)
            dpi = 600
            pix = doc[i].get_pixmap(dpi=dpi, clip=clip, colorspace=fitz.csGRAY, alpha=False)
            rows = [y for y in range(pix.height)
                    if min(pix.samples[y * pix.width:(y + 1) * pix.width]) < 128]
            if check(rows, f"page {pno}: the 一字线 has no ink"):
                mid = clip.y0 * PT + (rows[0] + rows[-1] + 1) / 2 * 25.4 / dpi
                check(near(mid, PAGENO_Y), f"page {pno}: 一字线 stroke at y {mid:.2f} mm, want {PAGENO_Y}")
    check(numbered >= 1, "no page numbers")
    # blank pages before the 版记 page carry no number, nor does that 版记 page (§7.5)
    blanks = [i for i in range(n) if not pages[i]]
    if blanks and blanks[-1] == n - 2:
        check(not [c for c in pages[n - 1] if c["base"] > TOP + BODY_H + 2],
              f"page {n}: the 版记 page after a blank page is numbered")
    for i in range(n - 1):
        if i not in blanks:
            if i == 0 and fmt == "信函":   # 首页不显示页码 (§10.1)
                check(not any(c["base"] > TOP + BODY_H + 2 for c in pages[i]), "信函: page 1 is numbered")
            else:
                check(any(c["base"] > TOP + BODY_H + 2 for c in pages[i]), f"page {i + 1} has text but no page number")

    # ---- 版记 on the last page ---------------------------------------------------------
    if has_colophon:
        last = doc[n - 1]
        rules = []
        # a table's rules are not the 版记's: rows ruled where its column rules run
        table_rules = [d["rect"] for d in last.get_drawings()
                       if d.get("color") and max(d["color"]) < 0.1 and d["rect"].x0 == d["rect"].x1]
        for d in last.get_drawings():
            col = d.get("color")
            r_ = d["rect"]
            if col and max(col) < 0.1 and (r_.x1 - r_.x0) * PT > 100 and not any(
                    v.x0 == v.x1 and v.y0 - 0.5 <= r_.y0 <= v.y1 + 0.5 for v in table_rules):
                rules.append(((r_.y0 + r_.y1) / 2 * PT, r_.x0 * PT, r_.x1 * PT, (d.get("width") or 0) * PT))
        rules.sort()
        left, right = body_x(n)
        groups = sum(1 for k in ("main_to", "cc", "distribute") if cp[k]) + bool(cp["printer"] or cp["print_date"])
        if fmt == "信函":   # 版记 without separator lines (§10.1)
            check(not rules, f"信函: the 版记 has {len(rules)} rules, want none")
        elif check(len(rules) >= 2 and (groups < 2 or len(rules) >= 3), f"版记 has {len(rules)} rules for {groups} groups"):
            check(near(rules[-1][0], TOP + BODY_H), f"last 版记 rule at {rules[-1][0]:.2f} mm, want 262")
            for y, x0, x1, w in rules:
                check(near(x0, left) and near(x1, right), f"版记 rule at y {y:.1f} spans {x0:.2f}–{x1:.2f}")
            check(abs(rules[0][3] - 0.35) < 0.05 and abs(rules[-1][3] - 0.35) < 0.05,
                  f"thick 版记 rules are {rules[0][3]:.2f}/{rules[-1][3]:.2f} mm, want 0.35")
            for r_ in rules[1:-1]:
                check(abs(r_[3] - 0.25) < 0.05, f"thin 版记 rule {r_[3]:.2f} mm, want 0.25")
        lines = lines_of(pages[n - 1])
        four = [l for l in lines if abs(l[0]["size"] - 14) < 0.1 and l[0]["base"] < TOP + BODY_H]
        cell4 = 14 * PT
        for l in four:
            text = "".join(c["c"] for c in l)
            if text.startswith("抄送"):
                check(near(l[0]["x0"], left + cell4), f"抄送 starts at {l[0]['x0']:.2f}, want {left + cell4:.2f}")
            if cp["print_date"] and text.endswith("印发"):
                check(near(l[-1]["x1"], right - cell4), f"印发日期 ends at {l[-1]['x1']:.2f}, want {right - cell4:.2f}")
                check(near(l[0]["x0"], left + cell4), f"印发机关 starts at {l[0]['x0']:.2f}, want {left + cell4:.2f}")
        if cp["cc"]:
            check(any("".join(c["c"] for c in l).startswith("抄送") for l in four), "no 抄送 line in 4号 on the last page")

    # ---- text: what pdftotext gives back is the document's text --------------------------
    raw = run(["pdftotext", pdf, "-"]).stdout
    got = re.sub(r"—\s*\d+\s*—", "", raw)
    got = re.sub(r"\s+", "", got)
    if cl.get("no_text"):   # the note of the fallback page is not the document's text
        got = got.replace("（此页无正文）", "", 1)
    want = expected_text(dict(model, issuer_mark=None) if spaced else model)
    tables = any(b["kind"] == "table" for b in model["body"]) or \
        any(b["kind"] == "table" for a in model["annexes"] for b in a["body"])
    if mark_text and (not model["issuer_mark"] or spaced):
        # a stacked joint mark: its characters come first, in whatever order the lines give
        k = len(mark_text)
        check(sorted(got[:k]) == sorted(mark_text), f"text does not start with the joint mark: {got[:k]!r}")
        got = got[k:]
    # poppler joins a line that ends in a hyphen with the next (dehyphenation): a range or URL
    # broken after its `-` (never with an added hyphen) loses that `-` there and only there
    hy = [m.start() for m in re.finditer("-", want)]
    if got != want and len(got) == len(want) - len(hy) + got.count("-") and got.replace("-", "") == want.replace("-", ""):
        mu = "".join(re.sub(r"\s+", "", pg.get_text()) for pg in doc)
        mu = re.sub(r"—\d+—", "", mu)
        check(mu.replace("\u3000", "") .count("-") == want.count("-"),
              "a hyphen poppler dropped is not in the PDF either")
        got = want
    if not tables and not check(got == want, "extracted text differs from the document's text"):
        k = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), min(len(got), len(want)))
        print("  first difference at", k)
        print("  got :", got[max(0, k - 30):k + 40])
        print("  want:", want[max(0, k - 30):k + 40])

    doc.close()
    for f in failures:
        print("FAIL:", f)
    print(f"{os.path.basename(src)}: {n} pages, {len(failures)} failures")
    return 1 if failures else 0


# ---- the closing block (附件说明, 署名, seals, stamps, 成文日期, 附注) ---------------------------
# GB/T 9704 §7.3.4–§7.3.6 and issue 8: never split, never without two lines of 正文 on its
# page; the last page of 正文 squeezed to no less than 28 pt (§7.3.5.5); seals (§7.3.5.1) and
# signature stamps (§7.3.5.3) measured against the rows they press on.
SQUEEZE_MIN = 28 * PT          # mm
SEAL_DEFAULT, SEAL_MIN, SEAL_MAX = 42.0, 20.0, 60.0
STAMP_DEFAULT_H, STAMP_MIN_H, STAMP_MAX_H = 15.0, 6.0, 40.0
E = 16 * PT                    # a 3号 em box, mm


def ltext(l):
    return "".join(c["c"] for c in l)


def em_top(ch):
    return ch["base"] - 0.88 * ch["size"] * PT


def em_mid(chars):
    return em_top(chars[0]) + chars[0]["size"] * PT / 2


def cx(chars):
    return (chars[0]["x0"] + chars[-1]["x1"]) / 2


def image_dpi(path):
    """(width px, height px, dpi or None) from a PNG's IHDR/pHYs or a JPEG's SOF/JFIF."""
    with open(path, "rb") as f:
        d = f.read()
    if d[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = int.from_bytes(d[16:20], "big"), int.from_bytes(d[20:24], "big")
        k = d.find(b"pHYs")
        if k > 0 and d[k + 12] == 1:
            return w, h, int.from_bytes(d[k + 4:k + 8], "big") * 0.0254
        return w, h, None
    dpi, w, h, i = None, 0, 0, 2
    while i + 4 < len(d):
        marker, size = d[i + 1], int.from_bytes(d[i + 2:i + 4], "big")
        if marker == 0xE0 and d[i + 4:i + 9] == b"JFIF\0":
            unit, x = d[i + 11], int.from_bytes(d[i + 12:i + 14], "big")
            dpi = x if unit == 1 else x * 2.54 if unit == 2 else None
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = int.from_bytes(d[i + 5:i + 7], "big"), int.from_bytes(d[i + 7:i + 9], "big")
            break
        i += 2 + size
    return w, h, dpi


def expected_size(path, seal):
    """The size on paper the standard's rules give the image (issue 8): from its resolution,
    or the default when it states none or an implausible one."""
    w, h, dpi = image_dpi(path)
    if dpi:
        sw, sh = w / dpi * 25.4, h / dpi * 25.4
        if (SEAL_MIN <= max(sw, sh) <= SEAL_MAX) if seal else (STAMP_MIN_H <= sh <= STAMP_MAX_H):
            return sw, sh
    if seal:
        k = SEAL_DEFAULT / max(w, h)
        return w * k, h * k
    return w * STAMP_DEFAULT_H / h, STAMP_DEFAULT_H


def check_closing(doc, pages, all_body, model, red_rules, layout):
    """Measures the closing block; returns what the grid check needs to know: its page, the
    squeezed page and its pitch, the 职务 lines set off the grid."""
    stamped = bool(model["signatories"])
    sigs = [] if stamped else [s["issuer"]["text"] for s in model["signatures"] if s["issuer"]]
    titles = [s["title"]["text"] for s in model["signatories"] if s["title"]]
    date = model["date"]["text"] if model["date"] else None
    note = "（" + model["note"]["text"] + "）" if model["note"] else None
    notes = model["attachment_notes"]
    if not (sigs or titles or date or note or notes):
        return {}
    rule_y = red_rules[0][2] if red_rules else 0
    found = {}   # what -> (page, line index, chars)
    for i, lines in enumerate(all_body):
        for j, l in enumerate(lines):
            t = ltext(l)
            rest = t
            for name in sigs:
                if name in rest:
                    rest = rest.replace(name, "", 1)
            if sigs and rest == "" and t:
                for name in sigs:
                    k = t.find(name)
                    if k >= 0:
                        found["署名:" + name] = (i, j, l[k:k + len(name)])
            if date and t == date:
                found["date"] = (i, j, l)
            # (a number in the 附注 is padded to whole grid cells: MuPDF sees a space there)
            tn = t.replace(" ", "")
            if note and note.startswith(tn) and len(tn) >= min(4, len(note)):
                found.setdefault("note", (i, j, l))
            if t in titles:
                found["职务:" + t] = (i, j, l)
            for s_ in model["signatories"]:   # a 职务 beside the name printed in the stamp's place
                if s_["title"] and s_.get("name") and t == s_["title"]["text"] + s_["name"]["text"]:
                    found["职务:" + s_["title"]["text"]] = (i, j, l[:len(s_["title"]["text"])])
            if notes and t.startswith("附件："):
                found["附件说明"] = (i, j, l)
    for name in sigs:
        check("署名:" + name in found, f"署名 {name!r} not found on a line of its own (or of 署名 only)")
    for t_ in titles:
        check("职务:" + t_ in found, f"职务 {t_!r} not found on a line of its own")
    if date:
        check("date" in found, f"成文日期 {date!r} not found on a line of its own")
    if note:
        check("note" in found, f"附注 {note!r} not found")
    key = "date" if "date" in found else next(iter(found), None)
    if key is None:
        check(False, "closing block: none of its elements found in the PDF")
        return {}
    P = found[key][0]
    left, right = body_x(P + 1)
    for what, (i, j, l) in found.items():
        if what == "附件说明" and len(notes) > 12:
            continue   # a list longer than a page flows like text
        check(i == P, f"closing block split: {what} on page {i + 1}, the 成文日期/署名 on page {P + 1}")
    lines = all_body[P]
    closing_lines = {id(l) for what, (i, j, l) in found.items() if i == P}
    rows = [l for l in lines if any(id(l) == x for x in closing_lines)]
    for what, (i, j, l) in found.items():
        if i == P and not what.startswith("署名:"):
            rows.append(l)
    infos = [dict(bbox=[v * PT for v in im["bbox"]], xref=im["xref"]) for im in doc[P].get_image_info(xrefs=True)]
    first_top = min([em_top(l[0]) for what, (i, j, l) in found.items() if i == P] +
                    [im["bbox"][1] for im in infos])
    # the 附件说明: from its first line down to the first 署名, 职务 or image
    sig_top = min([em_top(l[0]) for what, (i, j, l) in found.items()
                   if i == P and (what.startswith("署名:") or what.startswith("职务:") or what == "date")] +
                  [im["bbox"][1] for im in infos] + [TOP + BODY_H])
    note_lines = [l for l in lines if found.get("附件说明") and found["附件说明"][0] == P and
                  em_top(found["附件说明"][2][0]) - 0.1 <= em_top(l[0]) < sig_top - 0.1]
    above = [l for l in lines if em_top(l[0]) < first_top - 0.1 and not (P == 0 and l[0]["base"] < rule_y)]
    headings = {b["heading"] for b in model["body"] if b["kind"] == "heading" and not b.get("run_in")}
    addressee = (model["addressee"]["text"] + "：") if model["addressee"] else ""

    def is_text(l):
        t = ltext(l)
        return not (t in headings or (addressee and addressee.startswith(t)) or t == "（此页无正文）")
    text_above = [l for l in above if is_text(l)]
    # a table's rows above the block are text too (its rules: rows ruled where columns run)
    verts = [d["rect"] for d in doc[P].get_drawings() if d.get("color") and max(d["color"]) < 0.1
             and d["rect"].x0 == d["rect"].x1 and d["rect"].y1 * PT < first_top]
    table_rows = sorted({round(d["rect"].y0 * PT, 2) for d in doc[P].get_drawings()
                         if verts and d.get("color") and max(d["color"]) < 0.1 and d["rect"].y0 == d["rect"].y1
                         and any(v.y0 - 0.5 <= d["rect"].y0 <= v.y1 + 0.5 for v in verts)})
    table_bottom = max(table_rows, default=None)
    text_above += [[None]] * max(0, len(table_rows) - 1)
    total = sum(1 for i in range(P + 1) for l in all_body[i]
                if is_text(l) and not (i == 0 and l[0]["base"] < rule_y) and
                (i < P or em_top(l[0]) < first_top - 0.1))
    want = min(2, total)
    no_text = [i for i, ls in enumerate(all_body) if ls and ltext(ls[0]) == "（此页无正文）"]
    allowed = bool(layout) and re.search(r"^no_text_page\s*=\s*yes", open(layout).read(), re.M)
    if no_text:
        check(allowed and no_text == [P], f"（此页无正文） on page {no_text[0] + 1}: the fallback is off by default")
    else:
        check(len(text_above) >= want,
              f"page {P + 1}: the 署名 block has {len(text_above)} lines of 正文 above it, want {want}")
    text_bottom = max([em_top(l[0]) + E for l in above] + ([table_bottom] if table_bottom else []), default=TOP)
    notes_bottom = max([em_top(l[0]) + E for l in note_lines], default=None)
    above_block = notes_bottom if notes_bottom is not None else text_bottom

    # the page's pitch: its closest pair of consecutive lines (a squeezed page has another)
    tops = sorted({round(em_top(l[0]), 3) for l in lines if ltext(l) not in titles and
                   not (P == 0 and l[0]["base"] < rule_y)})
    diffs = [b - a for a, b in zip(tops, tops[1:]) if b - a > 5]
    pitch = PITCH
    if diffs:   # over the whole page: the closest pair gives the number of pitches between
        k = round((tops[-1] - tops[0]) / min(diffs))
        pitch = (tops[-1] - tops[0]) / k
    out = {"page": P, "off_grid": set(titles), "pitch": PITCH, "no_text": bool(no_text)}
    summary = [f"page {P + 1}"]
    lowest = max([em_top(l[0]) + E for l in lines] + [im["bbox"][3] for im in infos])
    if abs(pitch - PITCH) > 0.002:
        ref = TOP if P > 0 else min(em_top(l[0]) for l in lines if l[0]["base"] > rule_y)
        out.update(squeezed=P, pitch=pitch, ref=ref)
        check(pitch >= SQUEEZE_MIN - 0.005, f"page {P + 1} squeezed to {pitch / PT:.2f} pt, below the 28 pt floor")
        check(pitch < PITCH, f"page {P + 1}: pitch {pitch / PT:.2f} pt")
        last_top = max(em_top(l[0]) for l in lines)
        k_last = round((last_top - ref) / pitch)
        needed = ref + k_last * PITCH + E + max(0.0, lowest - (last_top + E))
        check(needed > TOP + BODY_H + 0.1,
              f"page {P + 1} squeezed to {pitch / PT:.2f} pt, but it would fit at {PITCH / PT:.2f} pt")
        # just enough: 0.05 pt more and it would not fit (the same lines, no fewer blank ones)
        wider = pitch + 0.05 * PT
        needed = ref + k_last * wider + E + max(0.0, lowest - (last_top + E))
        check(needed > TOP + BODY_H, f"page {P + 1} squeezed to {pitch / PT:.2f} pt, more than needed "
              f"(at {wider / PT:.2f} pt it still fits)")
        summary.append(f"squeezed to {pitch / PT:.2f} pt")
    elif no_text:
        summary.append("（此页无正文）")
    elif P > 0 and all_body[P - 1] and text_above and carried(all_body[P - 1], lines, headings):
        summary.append(f"carried {len(text_above)} lines")
    else:
        summary.append("normal")
    check(lowest <= TOP + BODY_H + TOL, f"page {P + 1}: the closing block reaches {lowest:.2f} mm, below the 版心")

    date_chars = found.get("date", (None, None, None))[2]
    if date_chars:
        dr = date_chars[-1]["x1"]
    seal_files = [s["seal"]["text"] for s in model["signatures"] if s["issuer"] and s["seal"]] if not stamped else []
    if seal_files and date_chars:
        check(near(dr, right - 4 * CELL), f"成文日期 ends at {dr:.2f} mm, want 右空四字 {right - 4 * CELL:.2f}")
    if seal_files:
        boxes = [im["bbox"] for im in infos]
        check(len(boxes) == len(seal_files), f"{len(boxes)} images on page {P + 1}, want {len(seal_files)} seals")
        pairs = []
        for k, name in enumerate(sigs):
            if "署名:" + name not in found or k >= len(seal_files):
                continue
            sc = found["署名:" + name][2]
            row = [b for b in boxes if b[1] <= em_mid(sc) <= b[3]]
            if not check(row, f"署名 {name!r} has no seal pressing on it"):
                continue
            b = min(row, key=lambda b: abs((b[0] + b[2]) / 2 - cx(sc)))
            pairs.append((name, sc, b, seal_files[k]))
        for name, sc, b, path in pairs:
            bcx, bcy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
            w, h = expected_size(path, True)
            check(abs(b[2] - b[0] - w) <= 0.3 and abs(b[3] - b[1] - h) <= 0.3,
                  f"seal of {name!r} is {b[2] - b[0]:.2f} × {b[3] - b[1]:.2f} mm, want {w:.2f} × {h:.2f}")
            check(near(bcx, cx(sc)), f"署名 {name!r} centred at x {cx(sc):.2f}, its seal at {bcx:.2f}")
            d = em_mid(sc) - bcy
            check(0 < d <= PITCH / 2, f"署名 {name!r} {d:.2f} mm below its seal's centre, want slightly below (0, {PITCH / 2:.2f}]")
            check(b[0] >= left - TOL and b[2] <= right + TOL and b[1] >= TOP - TOL and b[3] <= TOP + BODY_H + TOL,
                  f"seal of {name!r} at x {b[0]:.2f}–{b[2]:.2f}, y {b[1]:.2f}–{b[3]:.2f} mm: outside the 版心")
        if pairs:
            first = min(b[1] for _, _, b, _ in pairs)
            gap = first - above_block
            check(-0.1 <= gap <= pitch + TOL,
                  f"first seal's top {gap:.2f} mm below the text above, want within one line (0–{pitch:.2f})")
            name, sc, b, _ = pairs[-1]   # the last seal also presses on the date
            if date_chars:
                check(near((b[0] + b[2]) / 2, cx(date_chars)),
                      f"last seal centred at x {(b[0] + b[2]) / 2:.2f}, the date at {cx(date_chars):.2f}")
                check(b[1] < em_mid(date_chars) < b[3] and em_mid(date_chars) > (b[1] + b[3]) / 2,
                      "the 成文日期 is not under the lower half of the last seal")
            if len(pairs) == 1 and date_chars:
                w_ = sc[-1]["x1"] - sc[0]["x0"]   # (a 署名 too long to centre stops at the 版心's edge)
                want_ = min(max(cx(date_chars), left + w_ / 2), right - w_ / 2)
                check(near(cx(sc), want_), f"署名 centred at {cx(sc):.2f}, not on the date at {want_:.2f}")
            bs = [b for _, _, b, _ in pairs]
            for a in range(len(bs)):
                for c_ in range(a + 1, len(bs)):
                    A, B = bs[a], bs[c_]
                    sep = max(B[0] - A[2], A[0] - B[2], B[1] - A[3], A[1] - B[3])
                    check(sep > 0.05, f"seals {a + 1} and {c_ + 1} touch or intersect ({sep:.2f} mm apart)")
            for _, sc, b, _ in pairs:   # aligned: the seals of one row of 署名 share their top
                for _, sc2, b2, _ in pairs:
                    if abs(sc2[0]["base"] - sc[0]["base"]) < 0.1:
                        check(abs(b2[1] - b[1]) < 0.05, f"seals of a row are not aligned ({b[1]:.2f}, {b2[1]:.2f} mm)")
            cols = [(b[0] + b[2]) / 2 for b in bs if abs(b[1] - bs[0][1]) < 0.2]
            for b in bs:
                check(any(near((b[0] + b[2]) / 2, c2) for c2 in cols), "a seal is out of the columns of the first row")
            summary.append("seals " + ", ".join(f"{b[0]:.1f}–{b[2]:.1f} × {b[1]:.1f}–{b[3]:.1f}" for b in bs) + " mm")
    if stamped:
        stamp_files = [s["stamp"]["text"] for s in model["signatories"] if s["stamp"]]
        boxes = sorted((im["bbox"] for im in infos), key=lambda b: b[1])
        check(len(boxes) == len(stamp_files), f"{len(boxes)} images on page {P + 1}, want {len(stamp_files)} stamps")
        col_right = right - 4 * CELL
        if boxes and len(boxes) == len(stamp_files):
            for b, p_ in zip(boxes, stamp_files):
                w, h = expected_size(p_, False)
                check(abs(b[2] - b[0] - w) <= 0.3 and abs(b[3] - b[1] - h) <= 0.3,
                      f"stamp is {b[2] - b[0]:.2f} × {b[3] - b[1]:.2f} mm, want {w:.2f} × {h:.2f}")
            check(near(max(b[2] for b in boxes), col_right), f"stamps end at {max(b[2] for b in boxes):.2f}, want 右空四字 {col_right:.2f}")
            centres = [(b[0] + b[2]) / 2 for b in boxes]
            check(all(near(c2, centres[0]) for c2 in centres), "the stamps are not aligned one above the other")
            col_left = col_right - max(b[2] - b[0] for b in boxes)
            it = iter(boxes)
            for s_ in model["signatories"]:   # in issuer order; one without 签名章 keeps a place
                t_ = s_["title"]["text"] if s_["title"] else None
                b = next(it) if s_["stamp"] else None
                if not t_ or "职务:" + t_ not in found:
                    continue
                tc = found["职务:" + t_][2]
                check(near(tc[-1]["x1"], col_left - 2 * CELL), f"职务 {t_!r} ends at {tc[-1]['x1']:.2f}, want 2 字 left of the stamp {col_left - 2 * CELL:.2f}")
                if b:
                    check(near(em_mid(tc), (b[1] + b[3]) / 2), f"职务 {t_!r} centred at y {em_mid(tc):.2f}, its stamp at {(b[1] + b[3]) / 2:.2f}")
            if model["signatories"][0]["stamp"]:
                gap = boxes[0][1] - above_block
                check(near(gap, 3 * pitch - E), f"first stamp {gap:.2f} mm below the text, want two blank lines ({3 * pitch - E:.2f})")
            for a, b in zip(boxes, boxes[1:]):
                check(b[1] > a[3], "two signature stamps overlap")
            if date_chars:
                check(near(dr, col_right), f"成文日期 ends at {dr:.2f} mm, want 右空四字 {col_right:.2f}")
                if model["signatories"][-1]["stamp"]:
                    dgap = em_top(date_chars[0]) - boxes[-1][3]
                    check(2 * pitch - E - TOL <= dgap <= 3 * pitch - E + TOL,
                          f"成文日期 {dgap:.2f} mm below the last stamp, want one blank line")
            summary.append("stamps " + ", ".join(f"{b[0]:.1f}–{b[2]:.1f} × {b[1]:.1f}–{b[3]:.1f}" for b in boxes) + " mm")
    if infos:
        # printed over the text, which shows through: multiply blending, after the text
        stream = b"".join(doc.xref_stream(x) for x in doc[P].get_contents())
        check(stream.find(b" gs") < stream.find(b"Do") and stream.rfind(b"ET") < stream.find(b"Do"),
              "images are not drawn over the text under an ExtGState")
        bm = {doc.xref_get_key(x, "BM")[1] for x in range(1, doc.xref_length())
              if doc.xref_get_key(x, "Type")[1] == "/ExtGState"}
        check(bm == {"/Multiply"}, f"images drawn with blend modes {bm}, want /Multiply")
        files = [s["seal"]["text"] for s in model["signatures"] if s["seal"]] + \
                [s["stamp"]["text"] for s in model["signatories"] if s["stamp"]]
        distinct = len({open(f_, "rb").read() for f_ in files})
        images = [x for x in range(1, doc.xref_length()) if doc.xref_get_key(x, "Subtype")[1] == "/Image"]
        masks = {int(doc.xref_get_key(x, "SMask")[1].split()[0]) for x in images if doc.xref_get_key(x, "SMask")[0] == "xref"}
        check(len([x for x in images if x not in masks]) == distinct,
              f"{len(images) - len(masks)} images embedded for {distinct} distinct image files")
        # a PNG's transparency kept as a soft mask (the paper shows through, not a white box)
        heads = {f_: open(f_, "rb").read(26) for f_ in files}
        alpha = [f_ for f_, h_ in heads.items() if h_[:8] == b"\x89PNG\r\n\x1a\n" and h_[25] in (4, 6)]
        check(not alpha or len(masks) >= len({open(f_, "rb").read() for f_ in alpha}),
              f"{len(masks)} soft masks for {len(alpha)} PNG images with alpha")
    print("closing: " + "; ".join(summary))
    return out


def grid_index_of(ch):
    return (ch["base"] - 0.88 * ch["size"] * PT - TOP) / PITCH


def carried(prev, lines, headings):
    """Whether the page before ends short because its last lines went with the closing block
    (not because a heading went to the next page with its text)."""
    last = round(grid_index_of(prev[-1][0])) + 1
    heading_first = ltext(lines[0]) in headings
    return last < LINES - 1 or (last == LINES - 1 and not heading_first)


def expected_text(m):
    parts = []
    def t(x):
        if x and x.get("text"):
            parts.append(x["text"])
    if m["format"] == "信函":   # the letterhead, then the 份号… left, the 发文字号 right of the first
        t(m["issuer_mark"])
        tops = [k for k in ("copy_number", "secrecy", "urgency") if m[k]]
        for k in tops[:1]:
            t(m[k])
        t(m["doc_number"])
        for k in tops[1:]:
            t(m[k])
    else:
        for k in ("copy_number", "secrecy", "urgency", "issuer_mark"):
            t(m[k])
        t(m["doc_number"])
    if m["signers"]:
        parts.append("签发人：" + "".join(x["text"] for x in m["signers"]))
    t(m["title"])
    if m["addressee"]:
        parts.append(m["addressee"]["text"] + "：")
    for b in m["body"]:
        parts.append(b["text"])
    if m["attachment_notes"]:
        parts.append("附件：")
        for a in m["attachment_notes"]:
            parts.append((a["number"] + "." if a["number"] else "") + a["name"])
    for k, label in (("present", "出席："), ("absent", "请假："), ("attending", "列席：")):
        if m["attendance"][k]:
            parts.append(label + m["attendance"][k]["text"])
    if m["signatories"]:   # 职务 and 签名章: the 署名 is not printed (§7.3.5.3)
        for s in m["signatories"]:
            t(s["title"])
            t(s.get("name"))   # printed in the stamp's place when there is no stamp
    else:
        for s in m["signatures"]:
            t(s["issuer"])
    t(m["date"])
    if m["note"]:
        parts.append("（" + m["note"]["text"] + "）")
    for a in m["annexes"]:
        if a["kind"] == "attachment":
            parts.append("附件" + (a["number"] or ""))
        t(a["title"])
        for b in a["body"]:
            parts.append(b["text"])
    cp = m["colophon"]
    for k, label in (("main_to", "主送："), ("cc", "抄送："), ("distribute", "分送：")):
        if cp[k]:
            parts.append(label + cp[k]["text"])
    t(cp["printer"])
    if cp["print_date"]:
        parts.append(cp["print_date"]["text"] + "印发")
    return re.sub(r"\s+", "", "".join(parts))


if __name__ == "__main__":
    sys.exit(main())
