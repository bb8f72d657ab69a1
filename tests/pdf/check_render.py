#!/usr/bin/env python3
"""Renders a 公文 with gongwen and measures the PDF against GB/T 9704-2012, in millimetres.

Independent of the program's own idea of where things went: positions come from the PDF
(PyMuPDF text and drawings, pixels of a raster for ink edges, poppler for fonts and text).
The expected numbers are the standard's (../shared/spec/gbt9704.md), written here on purpose
and not read from layouts/: a wrong number there must make this test fail.

usage: check_render.py GONGWEN INPUT.txt [--one-page] [--title-lines N]
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import fitz  # python3-fitz (PyMuPDF)

PT = 25.4 / 72.0  # mm per pt
TOL = 0.5         # mm; the standard allows ±1 mm, the issue asks ±0.5

# GB/T 9704-2012, §5.2 and the spec's [REC] choices
PAGE_W, PAGE_H = 210.0, 297.0
TOP = 37.0                   # 天头
BIND = 28.0                  # 订口
BODY_W, BODY_H = 156.0, 225.0
LINES = 22
PITCH = (BODY_H - 16 * PT) / (LINES - 1)   # option B: 10.4455 mm
CELL = BODY_W / 28                          # 5.5714 mm
MARK_TOP = TOP + 35.0                       # 发文机关标志 ink top, y = 72 mm
PAGENO_Y = TOP + BODY_H + 7.0               # 一字线 7 mm below the 版心: 269 mm
LINE_CHARS = 28
RED = (1.0, 0.0, 0.0)
# 避头尾 (GB/T 15834-2011 §5.1): may not start a line / may not end a line
NO_START = set("，。、；：？！）》」』】〕〉”’…—%")
NO_END = set("（《「『【〔〈“‘")
INK_LEFT = set("，。、；：）》」』】〕〉〗］｝”’")   # CLREQ: the blank half (right) may be compressed
INK_RIGHT = set("（《「『【〔〈〖［｛“‘")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def near(a, b, tol=TOL):
    return abs(a - b) <= tol


def body_x(pno):
    """版心 left and right edge (mm) of physical page pno (1-based): mirrored margins."""
    left = BIND if pno % 2 == 1 else PAGE_W - BIND - BODY_W
    return left, left + BODY_W


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
    tmp = tempfile.mkdtemp(prefix="gw-test-")
    pdf = os.path.join(tmp, "out.pdf")
    r = run([gongwen, "render", src, "-o", pdf])
    if r.returncode != 0:
        print(r.stderr)
        print("FAIL: render exited", r.returncode)
        return 1
    model = json.loads(run([gongwen, "dump", "-q", src]).stdout)

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
    cp = model["colophon"]
    has_colophon = any(cp[k] for k in ("main_to", "cc", "distribute", "printer", "print_date"))
    if has_colophon:
        check(n % 2 == 0, f"page count {n} is odd: the 版记 must be on an even page")
    info = doc.metadata
    check(info.get("title") == (model["title"] or {}).get("text"), f"Title is {info.get('title')!r}")
    if model["doc_number"]:
        check(info.get("subject") == model["doc_number"]["text"], f"Subject is {info.get('subject')!r}")
    check((info.get("creator") or "").startswith("gongwen "), f"Creator is {info.get('creator')!r}")
    issuers = "、".join(i["text"] for i in model["issuers"])
    check(info.get("author") == issuers, f"Author is {info.get('author')!r}, want {issuers!r}")

    pages = [chars_of(doc[i]) for i in range(n)]
    for i, chars in enumerate(pages):
        pno = i + 1
        check(abs(doc[i].rect.width * PT - PAGE_W) < 0.1 and abs(doc[i].rect.height * PT - PAGE_H) < 0.1,
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
    if model["issuer_mark"]:
        mark_text = model["issuer_mark"]["text"]
    elif len(model["issuers"]) > 1 and model["format"] == "文件":
        mark_text = "".join(i["text"] for i in model["issuers"]) + "文件"   # 联合行文: stacked names + 文件
    if mark_text:
        rows = ink_rows(p1, True)
        rule_y = red_rules[0][2] if red_rules else 999
        mark_rows = [y for y in rows if y < rule_y - 1.0]
        check(mark_rows and near(mark_rows[0], MARK_TOP),
              f"发文机关标志 ink top at {mark_rows[0] if mark_rows else None} mm, want {MARK_TOP} ± {TOL}")
        mark = [c for c in pages[0] if c["rgb"][0] > 0.9 and c["rgb"][1] < 0.1]
        if check(mark, "no red 发文机关标志 text"):
            text = "".join(c["c"] for c in sorted(mark, key=lambda c: (round(c["base"]), c["x"])) if not c["c"].isspace())
            if model["issuer_mark"]:
                check(text == mark_text, f"mark text {text!r}, want {mark_text!r}")
            else:
                check(sorted(text) == sorted(mark_text), f"joint mark holds {text!r}, want the issuers and 文件")
            cx = (min(c["x0"] for c in mark) + max(c["x1"] for c in mark)) / 2
            check(near(cx, BIND + BODY_W / 2, 1.0), f"mark centred at x {cx:.2f} mm, want {BIND + BODY_W / 2}")
            check(max(c["x1"] for c in mark) - min(c["x0"] for c in mark) <= BODY_W + TOL, "mark wider than the 版心")
    if check(len(red_rules) == 1, f"{len(red_rules)} red rules on page 1, want 1"):
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
    if model["title"] and red_rules:
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
    full_lines = 0
    for i, lines in enumerate(all_body):
        pno = i + 1
        left, right = body_x(pno)
        for j, l in enumerate(lines):
            gi = grid_index(l[0])
            check(abs(gi - round(gi)) * PITCH <= TOL,
                  f"page {pno}: line {line_text(l)[:10]!r} is {abs(gi - round(gi)) * PITCH:.2f} mm off the grid")
            text = line_text(l)
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
                took_text = any(line_text(l) in closing or line_text(l).startswith("附件：")
                                for l in all_body[i + 1][:8])
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
            check(any(c["base"] > TOP + BODY_H + 2 for c in pages[i]), f"page {i + 1} has text but no page number")

    # ---- 版记 on the last page ---------------------------------------------------------
    if has_colophon:
        last = doc[n - 1]
        rules = []
        for d in last.get_drawings():
            col = d.get("color")
            r_ = d["rect"]
            if col and max(col) < 0.1 and (r_.x1 - r_.x0) * PT > 100:
                rules.append(((r_.y0 + r_.y1) / 2 * PT, r_.x0 * PT, r_.x1 * PT, (d.get("width") or 0) * PT))
        rules.sort()
        left, right = body_x(n)
        groups = sum(1 for k in ("main_to", "cc", "distribute") if cp[k]) + bool(cp["printer"] or cp["print_date"])
        if check(len(rules) >= 2 and (groups < 2 or len(rules) >= 3), f"版记 has {len(rules)} rules for {groups} groups"):
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
    want = expected_text(model)
    if mark_text and not model["issuer_mark"]:
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
    if not check(got == want, "extracted text differs from the document's text"):
        k = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), min(len(got), len(want)))
        print("  first difference at", k)
        print("  got :", got[max(0, k - 30):k + 40])
        print("  want:", want[max(0, k - 30):k + 40])

    doc.close()
    for f in failures:
        print("FAIL:", f)
    print(f"{os.path.basename(src)}: {n} pages, {len(failures)} failures")
    return 1 if failures else 0


def expected_text(m):
    parts = []
    def t(x):
        if x and x.get("text"):
            parts.append(x["text"])
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
