#!/usr/bin/env python3
"""Renders a 公文 and measures, in millimetres on the PDF, the rules of its special format
(GB/T 9704 §10: 信函, 命令, 纪要) and of its tables (§8, and practice: spec section 6).

Positions come from the PDF (PyMuPDF text in the sheet's own, unturned coordinates, drawings,
a raster for ink edges). The expected numbers are the standard's (../shared/spec/gbt9704.md),
written here on purpose and not read from layouts/: a wrong number there must fail this test.

usage: check_formats.py GONGWEN INPUT.txt [--layout RULES] [--set SECTION.KEY=VALUE ...]
                        [--landscape-pages N] [--table-pages N] [--expect-fail WHAT]

--set renders with a copy of the document's rules file (layouts/letter.ini for a 信函 …) with
that key changed; --expect-fail WHAT then exits 0 only if a failure whose message holds WHAT
was found (each rule shown to fail when broken). --landscape-pages: how many /Rotate 90 pages
the document must have (a table too wide for the 版心); --table-pages: how many pages its
tables are on (1: a table kept on one page, 2: one running over two pages).

信函 (§10.1): the mark's ink top 30 mm below the sheet's top; two red double rules 170 mm long
centred on the 版心's axis, thick over thin 4 mm below the mark, thin over thick with its
bottom 20 mm above the foot (y = 277 mm); 份号/密级/紧急程度 flush left and the 发文字号 flush
right 4.94 mm below the first; the title two lines below the last of them; page 1's text at
least 4.94 mm above the second double rule; no page number on page 1; a 版记 without rules
and without 印发机关/印发日期.
命令 (§10.2): the mark's ink top 20 mm below the 版心 (y = 57 mm); no red rule; the 令号
centred two blank lines below the mark; the 正文 two blank lines below the 令号; a signatory
without a stamp image: the name 右空四字 two blank lines below the text, the 职务 2 字 to its
left on its line, the date one blank line below, 右空四字.
纪要 (§10.3): the mark 35 mm below the 版心 (72 mm); 出席/请假/列席 one blank line below what is
above, 左空二字, the label in a face of its own (黑体) with a full-width colon, the names in
the 正文's face, continuation lines under the first character after the colon, no name cut.
Tables: as wide as the 版心 (225 mm across a landscape page), every cell's text inside its
rules, 4号, the header row in another face than the cells and repeated at the top of every
page the table runs onto, numbers right-aligned in their column; a landscape page is
/Rotate 90 with the table's head toward the sheet's left edge (the binding edge on odd pages,
the outer edge on even pages), its text turned, its page number where portrait pages have it.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import fitz  # python3-fitz (PyMuPDF)
import numpy as np  # python3-numpy

from standard import (BIND, BODY_H, BODY_W, CELL, INK_LEFT, INK_RIGHT, PAGE_H, PITCH, PT, TOL, TOP,
                      body_x, check, failures, near)

E = 16 * PT
GAP_494 = 14 * PT   # 7/8 of a 3号 character


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def chars_of(page, turned=False):
    """Characters of horizontal lines (or, turned, of lines going up the sheet), in mm, in the
    sheet's unturned coordinates."""
    out = []
    for b in page.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            d = tuple(round(v) for v in l["dir"])
            if d != ((0, -1) if turned else (1, 0)):
                continue
            for s in l["spans"]:
                col = s["color"]
                rgb = ((col >> 16) & 255) / 255, ((col >> 8) & 255) / 255, (col & 255) / 255
                for c in s["chars"]:
                    x0, y0, x1, y1 = (v * PT for v in c["bbox"])
                    out.append(dict(c=c["c"], font=s["font"], size=s["size"], rgb=rgb,
                                    x=c["origin"][0] * PT, base=c["origin"][1] * PT,
                                    x0=x0, x1=x1, y0=y0, y1=y1))
    return out


def lines_of(chars):
    lines = []
    for ch in sorted(chars, key=lambda c: (round(c["base"], 1), c["x"])):
        if lines and abs(lines[-1][0]["base"] - ch["base"]) < 0.3:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    for l in lines:
        l.sort(key=lambda c: c["x"])
    return lines


def text(l):
    return "".join(c["c"] for c in l)


def em_top(ch):
    return ch["base"] - 0.88 * ch["size"] * PT


def em_left(ch):
    """Left edge of a character's cell: a CJK em box is centred in its 5.571-mm cell."""
    return ch["x0"] - ((CELL - ch["size"] * PT) / 2 if ord(ch["c"]) > 0x2E80 else 0)


def em_right(ch):
    return ch["x1"] + ((CELL - ch["size"] * PT) / 2 if ord(ch["c"]) > 0x2E80 else 0)


def red_rows(page, y0, y1, dpi=600):
    """y (mm) of the raster rows holding red ink between y0 and y1."""
    clip = fitz.Rect(0, y0 / PT, page.rect.width, y1 / PT)
    pix = page.get_pixmap(dpi=dpi, clip=clip, colorspace=fitz.csRGB, alpha=False)
    px = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width * 3]
    px = px.reshape(pix.height, pix.width, 3)
    red = (px[:, :, 0] > 180) & (px[:, :, 1] < 110) & (px[:, :, 2] < 110)
    return [y0 + (yy + 0.5) * 25.4 / dpi for yy in np.nonzero(red.any(axis=1))[0]]


def strokes(page, red):
    """Straight strokes: (x0, y0, x1, y1, width) in mm."""
    out = []
    for d in page.get_drawings():
        col = d.get("color")
        if not col or (red != (col[0] > 0.9 and col[1] < 0.1)):
            continue
        for it in d["items"]:
            if it[0] == "l":
                p0, p1 = it[1], it[2]
                out.append((p0.x * PT, p0.y * PT, p1.x * PT, p1.y * PT, (d.get("width") or 0) * PT))
    return out


def page_number(chars):
    foot = [c for c in chars if c["base"] > TOP + BODY_H + 2]
    return "".join(c["c"] for c in sorted(foot, key=lambda c: c["x"])), foot


def find_line(pages, want, page=None, start=True):
    """(page index, line) whose text starts with (or equals) want."""
    for i, chars in enumerate(pages):
        if page is not None and i != page:
            continue
        for l in lines_of(chars):
            t = text(l)
            if (t.startswith(want) if start else t == want) and t:
                return i, l
    return None, None


# ---- 信函 (§10.1) -------------------------------------------------------------------------------

def check_letter(doc, pages, m):
    p1 = doc[0]
    red = [s for s in strokes(p1, True) if abs(s[1] - s[3]) < 0.01]
    if not check(len(red) == 4, f"信函: {len(red)} red strokes on page 1, want two double rules (4)"):
        return
    red.sort(key=lambda s: s[1])
    top_pair, bottom_pair = red[:2], red[2:]
    for s in red:
        check(near(s[2] - s[0], 170.0), f"信函: double rule {s[2] - s[0]:.2f} mm long, want 170")
        check(near((s[0] + s[2]) / 2, BIND + BODY_W / 2),
              f"信函: double rule centred at x {(s[0] + s[2]) / 2:.2f}, want the 版心's axis 106")
    check(top_pair[0][4] > top_pair[1][4] + 0.05,
          f"信函: the first double rule is not thick over thin ({top_pair[0][4]:.2f}/{top_pair[1][4]:.2f} mm)")
    check(bottom_pair[1][4] > bottom_pair[0][4] + 0.05,
          f"信函: the second double rule is not thin over thick ({bottom_pair[0][4]:.2f}/{bottom_pair[1][4]:.2f} mm)")
    rule1_top = top_pair[0][1] - top_pair[0][4] / 2
    rule1_bottom = top_pair[1][1] + top_pair[1][4] / 2
    rule2_top = bottom_pair[0][1] - bottom_pair[0][4] / 2
    rule2_bottom = bottom_pair[1][1] + bottom_pair[1][4] / 2
    check(near(rule2_bottom, PAGE_H - 20.0),
          f"信函: the second double rule ends at y {rule2_bottom:.2f} mm, want 277 (20 mm above the foot)")
    rows = red_rows(p1, 0, rule1_top - 0.2)
    if check(rows, "信函: no red mark above the first double rule"):
        check(near(rows[0], 30.0), f"信函: mark ink top at {rows[0]:.2f} mm, want 30 (from the sheet's top)")
        check(near(rule1_top - rows[-1], 4.0),
              f"信函: first double rule {rule1_top - rows[-1]:.2f} mm below the mark, want 4")
    lines = lines_of(pages[0])
    left, right = body_x(1)
    tops = [m[k]["text"] for k in ("copy_number", "secrecy", "urgency") if m[k]]
    header_lines = []
    y_first = rule1_bottom + GAP_494
    for k, t in enumerate(tops):
        l = next((l for l in lines if text(l).replace(" ", "").startswith(t.replace(" ", "")[:2])
                  and l[0]["base"] < 110), None)
        if not check(l, f"信函: {t!r} not found below the double rule"):
            continue
        header_lines.append(l)
        check(near(em_top(l[0]), y_first + k * PITCH),
              f"信函: {t!r} em top at {em_top(l[0]):.2f} mm, want {y_first + k * PITCH:.2f} "
              f"(4.94 mm below the double rule{', one line a line' if k else ''})")
        check(near(em_left(l[0]), left), f"信函: {t!r} starts at {em_left(l[0]):.2f}, want flush left {left}")
    if m["doc_number"]:
        want = m["doc_number"]["text"]
        l = next((l for l in lines if want in text(l).replace(" ", "") and l[0]["base"] < 110), None)
        if check(l, f"信函: 发文字号 {want!r} not found below the double rule"):
            dn = [c for c in l if c["x0"] > left + BODY_W / 3]   # (a 份号 may share its line)
            header_lines.append(l)
            check(near(em_top(dn[0]), y_first), f"信函: 发文字号 em top at {em_top(dn[0]):.2f}, want {y_first:.2f}")
            check(near(em_right(dn[-1]), right), f"信函: 发文字号 ends at {em_right(dn[-1]):.2f}, want flush right {right}")
    last_bottom = max((em_top(l[0]) + E for l in header_lines), default=rule1_bottom)
    title = [l for l in lines if abs(l[0]["size"] - 22) < 0.1 and l[0]["rgb"] == (0.0, 0.0, 0.0)]
    if m["title"] and check(title, "信函: no 2号 title on page 1"):
        centre = title[0][0]["base"] - (0.88 - 0.5) * 22 * PT
        grid_top = centre - E / 2
        gap = grid_top - last_bottom
        check(2 * PITCH - TOL <= gap <= 3 * PITCH + TOL,
              f"信函: title {gap:.2f} mm below the last 版头 line, want two lines ({2 * PITCH:.2f}–{3 * PITCH:.2f})")
    black = [c for c in pages[0] if c["rgb"] == (0.0, 0.0, 0.0) and c["base"] < rule2_top]
    if black:
        low = max(c["base"] - 0.88 * c["size"] * PT + c["size"] * PT for c in black)
        check(rule2_top - low >= GAP_494 - TOL,
              f"信函: page 1's text ends {rule2_top - low:.2f} mm above the second double rule, want ≥ 4.94")
    num, _ = page_number(pages[0])
    check(not num, f"信函: page 1 is numbered ({num!r}): 首页不显示页码")
    for i in range(1, len(pages)):
        if pages[i]:
            num, _ = page_number(pages[i])
            check(num.replace(" ", "") == f"—{i + 1}—", f"信函: page {i + 1} number reads {num!r}")
    last = doc[len(pages) - 1]
    long_black = [s for s in strokes(last, False) if abs(s[1] - s[3]) < 0.01 and s[2] - s[0] > 100 and s[1] > 200]
    cp = m["colophon"]
    if cp["cc"] or cp["distribute"] or cp["main_to"]:
        check(not long_black, f"信函: the 版记 has {len(long_black)} separator lines, want none")
        check(not any("印发" in text(l) for l in lines_of(pages[-1])), "信函: the 版记 has a 印发 line")
        cc = [l for l in lines_of(pages[-1]) if text(l).startswith(("抄送", "分送", "主送"))]
        if check(cc, "信函: no 抄送 line on the last page"):
            check(abs(cc[0][0]["size"] - 14) < 0.1, "信函: the 版记 is not 4号")


# ---- 命令 (§10.2) -------------------------------------------------------------------------------

def check_order(doc, pages, m):
    p1 = doc[0]
    red = [s for s in strokes(p1, True)]
    check(not red, f"命令: {len(red)} red rules on page 1, want none (no 版头分隔线)")
    rows = red_rows(p1, 20, 120)
    if not check(rows, "命令: no red mark on page 1"):
        return
    check(near(rows[0], TOP + 20.0), f"命令: mark ink top at {rows[0]:.2f} mm, want {TOP + 20:.2f} (20 mm below the 版心)")
    mark_bottom = rows[-1]
    lines = [l for l in lines_of(pages[0]) if l[0]["rgb"] == (0.0, 0.0, 0.0) and l[0]["base"] < TOP + BODY_H]
    below = [l for l in lines if em_top(l[0]) > mark_bottom]
    if m["doc_number"] and check(below and text(below[0]) == m["doc_number"]["text"],
                                 f"命令: the first line below the mark is not the 令号 {m['doc_number']['text']!r}"):
        no = below[0]
        gap = em_top(no[0]) - mark_bottom
        check(2 * PITCH - TOL <= gap <= 3 * PITCH + TOL,
              f"命令: 令号 {gap:.2f} mm below the mark, want two blank lines ({2 * PITCH:.2f}–{3 * PITCH:.2f})")
        check(near((em_left(no[0]) + em_right(no[-1])) / 2, BIND + BODY_W / 2, 0.6),
              f"命令: 令号 centred at {(em_left(no[0]) + em_right(no[-1])) / 2:.2f}, want 106")
        if len(below) > 1:
            step = em_top(below[1][0]) - em_top(no[0])
            check(near(step, 3 * PITCH), f"命令: 正文 {step:.2f} mm below the 令号, want two blank lines ({3 * PITCH:.2f})")
    # a signatory printed without a stamp image: 职务 and name as §7.3.5.3 sets the stamp
    for s in m["signatories"]:
        if not s.get("name") or s["stamp"]:
            continue
        name = s["name"]["text"]
        for i, chars in enumerate(pages):
            ls = lines_of([c for c in chars if c["base"] < TOP + BODY_H])
            for j, l in enumerate(ls):
                t = text(l)
                if not t.endswith(name):
                    continue
                left, right = body_x(i + 1)
                nm = [c for c in l if c["x0"] >= l[-1]["x0"] - (len(name) - 1) * 5.7 - 0.1][-len(name):]
                check(near(em_right(nm[-1]), right - 4 * CELL), f"命令: the name ends at {em_right(nm[-1]):.2f}, want 右空四字 {right - 4 * CELL:.2f}")
                title = s["title"]["text"] if s["title"] else ""
                if title:
                    tl = [c for c in l if c["x1"] <= nm[0]["x0"]]
                    check(text(tl).endswith(title), f"命令: the 职务 {title!r} is not on the name's line")
                    if tl:
                        check(near(em_left(nm[0]) - em_right(tl[-1]), 2 * CELL),
                              f"命令: 职务 {em_left(nm[0]) - em_right(tl[-1]):.2f} mm left of the name, want 2 字")
                above = [x for x in ls[:j] if not text(x).endswith(name)]
                if above:
                    gap = em_top(l[0]) - em_top(above[-1][0])
                    check(near(gap, 3 * PITCH), f"命令: the name {gap:.2f} mm below the text, want two blank lines ({3 * PITCH:.2f})")
                if m["date"] and j + 1 < len(ls) and text(ls[j + 1]) == m["date"]["text"]:
                    d = ls[j + 1]
                    check(near(em_top(d[0]) - em_top(l[0]), 2 * PITCH), "命令: the date is not one blank line below the name")
                    check(near(em_right(d[-1]), right - 4 * CELL), f"命令: the date ends at {em_right(d[-1]):.2f}, want 右空四字")
                elif m["date"]:
                    check(False, "命令: the date is not on the line after next below the name")
                break


# ---- 纪要 (§10.3): 出席, 请假, 列席 ----------------------------------------------------------------

def check_attendance(doc, pages, m):
    body_fonts = {}
    for chars in pages:
        for c in chars:
            if abs(c["size"] - 16) < 0.1 and not c["c"].isascii():
                body_fonts[c["font"]] = body_fonts.get(c["font"], 0) + 1
    body_font = max(body_fonts, key=body_fonts.get) if body_fonts else None
    labels = {"present": "出席", "absent": "请假", "attending": "列席"}
    first = True
    for key, label in labels.items():
        if not m["attendance"][key]:
            continue
        names = [n for n in re.split(r"[\s、，,；;]+", m["attendance"][key]["text"]) if n]
        i, l = find_line(pages, label + "：")
        if not check(l, f"纪要: no line starting {label}："):
            continue
        left, right = body_x(i + 1)
        ls = lines_of([c for c in pages[i] if c["base"] < TOP + BODY_H])
        j = next(k for k, x in enumerate(ls) if x[0]["base"] == l[0]["base"])
        lab, rest = l[:3], l[3:]
        check(near(em_left(l[0]), left + 2 * CELL), f"纪要: {label} starts at {em_left(l[0]):.2f}, want 左空二字 {left + 2 * CELL:.2f}")
        check(lab[2]["c"] == "：", f"纪要: {label} without a full-width colon")
        check(all(c["font"] != body_font for c in lab[:2]), f"纪要: the label {label} is in the 正文's face {body_font}")
        check(all(c["font"] == body_font for c in rest if not c["c"].isascii() and c["c"] not in "（）"),
              f"纪要: the names after {label} are not in the 正文's face {body_font}")
        check(all(abs(c["size"] - 16) < 0.1 for c in l), f"纪要: {label} is not 3号")
        if first and j > 0:
            gap = em_top(l[0]) - em_top(ls[j - 1][0])
            check(gap >= 2 * PITCH - TOL, f"纪要: {label} {gap:.2f} mm below the text, want one blank line")
        first = False
        # continuation lines: under the first character after the colon; no name cut
        cont, k = [], j + 1
        while k < len(ls) and not any(text(ls[k]).startswith(x + "：") for x in labels.values()) \
                and em_left(ls[k][0]) > left + 3 * CELL:
            cont.append(ls[k])
            k += 1
        for c in cont:
            check(near(em_left(c[0]), left + 5 * CELL),
                  f"纪要: a {label} line starts at {em_left(c[0]):.2f}, want under the first name {left + 5 * CELL:.2f}")
        joined = [text(rest)] + [text(c) for c in cont]
        tokens = [n for t in joined for n in re.split(r"[\s、，,；;]+", t) if n]
        check(tokens == names, f"纪要: {label}'s names cut across lines: {tokens} (want {names})")


# ---- tables (§8) ---------------------------------------------------------------------------------

def table_blocks(m):
    out = [b for b in m["body"] if b["kind"] == "table"]
    for a in m["annexes"]:
        out += [b for b in a["body"] if b["kind"] == "table"]
    return out


def numeric(s):
    return re.fullmatch(r"[+-]?[\d,]*\d(\.\d+)?[%％‰]?|[-—/]", s) is not None


def check_tables(doc, pages, m, landscape_pages, table_pages):
    tables = table_blocks(m)
    turned = [i for i in range(doc.page_count) if doc[i].rotation]
    if landscape_pages is not None:
        check(len(turned) == landscape_pages, f"tables: {len(turned)} landscape pages, want {landscape_pages}")
    # the pages a table is on: their black rules include vertical ones (a 版记 has none)
    on = [i for i in range(doc.page_count) if any(abs(s[0] - s[2]) < 0.01 for s in strokes(doc[i], False))]
    if table_pages is not None:
        check(len(on) == table_pages, f"tables: on {len(on)} pages {[i + 1 for i in on]}, want {table_pages}")
    headers = [[c for c in t["rows"][0]] for t in tables]
    for i in range(doc.page_count):
        page = doc[i]
        pno = i + 1
        rot = page.rotation
        black = [s for s in strokes(page, False)]
        left, right = body_x(pno)
        if rot:
            check(rot == 90, f"page {pno}: /Rotate {rot}, want 90")
            # the table's rows run across the sheet: its "horizontal" rules are vertical here
            rows_r = [s for s in black if abs(s[0] - s[2]) < 0.01]
            cols_r = [s for s in black if abs(s[1] - s[3]) < 0.01]
            if not check(rows_r and cols_r, f"page {pno}: a landscape page without a ruled table"):
                continue
            ext0 = min(min(s[1], s[3]) for s in rows_r)
            ext1 = max(max(s[1], s[3]) for s in rows_r)
            check(near(ext0, TOP) and near(ext1, TOP + BODY_H),
                  f"page {pno}: landscape table spans y {ext0:.2f}–{ext1:.2f} on the sheet, want 37–262 (225 mm)")
            head = min(s[0] for s in rows_r)
            tchars = chars_of(page, turned=True)
            check(tchars, f"page {pno}: no turned text on the landscape page")
            # the table's head toward the sheet's left edge (the binding edge on odd pages, the
            # outer edge on even ones): on a page it runs onto, at the 版心's edge there
            above = [c for c in tchars if c["x"] < head]   # (its label and title, on its first page)
            check(head >= left - TOL and head < (left + right) / 2 and (above or near(head, left)),
                  f"page {pno}: the table's head at x {head:.2f}, want toward the sheet's left, at the 版心's edge {left}")
            check(all(abs(c["size"] - 14) < 0.1 for c in tchars if c["x"] > head),
                  f"page {pno}: landscape table text not 4号")
            for c in tchars:   # (PyMuPDF's box across a turned glyph is the font's line height)
                if not (left - TOL <= c["x"] <= right + TOL and TOP - TOL <= c["y0"] and c["y1"] <= TOP + BODY_H + TOL):
                    check(False, f"page {pno}: {c['c']!r} outside the landscape 版心 (baseline x {c['x']:.2f}, y {c['y0']:.2f}–{c['y1']:.2f})")
                    break
            # the header row is the one nearest the head: its text repeated on each page
            first_row = sorted({round(c["base"], 1) for c in tchars if abs(c["size"] - 14) < 0.1})
            hx = [s[0] for s in sorted(rows_r, key=lambda s: s[0])]
            if len(hx) >= 2:
                hdr = "".join(c["c"] for c in sorted((c for c in tchars if hx[0] < c["x"] < hx[1]),
                                                        key=lambda c: (-c["y1"], c["x"])))
                check(any(squash("".join(h)) == squash(hdr) or sorted(squash("".join(h))) == sorted(squash(hdr))
                          for h in headers),
                      f"page {pno}: the landscape table's first row {hdr[:30]!r} is not its header")
            num, foot = page_number(chars_of(page))
            if check(foot, f"page {pno}: landscape page without a page number"):
                x0 = min(c["x0"] for c in foot)
                x1 = max(c["x1"] for c in foot)
                if pno % 2:
                    check(near(x1, right - CELL), f"page {pno}: page number ends at {x1:.2f}, want {right - CELL:.2f} (where portrait pages have it)")
                else:
                    check(near(x0, left + CELL), f"page {pno}: page number starts at {x0:.2f}, want {left + CELL:.2f}")
                dash = [c for c in foot if c["c"] == "—"]
                if dash:
                    mid = (dash[0]["y0"] + dash[0]["y1"]) / 2
                    check(abs(mid - (TOP + BODY_H + 7)) < 2.5, f"page {pno}: page number at y {mid:.2f}, not below the 版心")
            continue
        horiz = [s for s in black if abs(s[1] - s[3]) < 0.01 and s[1] < TOP + BODY_H - 0.5]
        vert = [s for s in black if abs(s[0] - s[2]) < 0.01]
        if not vert:
            continue
        # a portrait table: the frame as wide as the 版心
        x0 = min(s[0] for s in vert)
        x1 = max(s[0] for s in vert)
        check(near(x0, left) and near(x1, right), f"page {pno}: table spans x {x0:.2f}–{x1:.2f}, want the 版心 {left}–{right}")
        vy0 = min(min(s[1], s[3]) for s in vert)
        vy1 = max(max(s[1], s[3]) for s in vert)
        ys = sorted({round(s[1], 2) for s in horiz if s[2] - s[0] > BODY_W - 1 and vy0 - 0.1 <= s[1] <= vy1 + 0.1})
        if not check(len(ys) >= 3, f"page {pno}: a table without its row rules"):
            continue
        y_top, y_bot = ys[0], ys[-1]
        chars = [c for c in pages[i] if y_top < (c["y0"] + c["y1"]) / 2 < y_bot and not c["c"].isspace()]
        check(all(abs(c["size"] - 14) < 0.1 for c in chars), f"page {pno}: table text not 4号")
        xs = sorted({round(s[0], 2) for s in vert})
        for c in chars:
            # a mark whose ink sits in one half of its em box may be set with the other half
            # compressed at a line's end (CLREQ): its ink half is what must stay in the cell
            x0 = c["x0"] + (c["x1"] - c["x0"]) / 2 if c["c"] in INK_RIGHT else c["x0"]
            x1 = c["x0"] + (c["x1"] - c["x0"]) / 2 if c["c"] in INK_LEFT else c["x1"]
            cx = (x0 + x1) / 2
            col = next((k for k in range(len(xs) - 1) if xs[k] <= cx <= xs[k + 1]), None)
            if col is None or x0 < xs[col] - 0.05 or x1 > xs[col + 1] + 0.05:
                check(False, f"page {pno}: table text {c['c']!r} crosses a rule")
                break
        # the header row, at the top of every page of the table
        hdr = [c for c in chars if ys[0] < (c["y0"] + c["y1"]) / 2 < ys[1]]
        hdr_cells = ["".join(c["c"] for c in sorted((c for c in hdr if xs[k] <= c["x0"] < xs[k + 1]),
                                                      key=lambda c: (round(c["base"], 1), c["x"])))
                     for k in range(len(xs) - 1)]
        match = [t for t in tables if t["rows"][0] == hdr_cells]
        check(match, f"page {pno}: the table's first row {hdr_cells} is not its header")
        aligns = match[0]["align"] if match else ["auto"] * (len(xs) - 1)
        data = [c for c in chars if (c["y0"] + c["y1"]) / 2 > ys[1]]
        if hdr and data:
            check({c["font"] for c in hdr if not c["c"].isascii()}.isdisjoint(
                {c["font"] for c in data if not c["c"].isascii()}), f"page {pno}: the header row is in the cells' face")
        # numbers right-aligned: the right ends of a numeric column's cells line up
        for k in range(len(xs) - 1):
            if k < len(aligns) and aligns[k] in ("left", "centre"):
                continue   # the separator row's colons chose another alignment
            ends = []
            for r in range(1, len(ys) - 1):
                cell = [c for c in chars if xs[k] <= c["x0"] < xs[k + 1] and ys[r] < (c["y0"] + c["y1"]) / 2 < ys[r + 1]]
                t = "".join(c["c"] for c in sorted(cell, key=lambda c: c["x"]))
                if t and numeric(t):
                    ends.append(max(c["x1"] for c in cell))
            if len(ends) >= 2 and len(ends) >= (len(ys) - 2) / 2:
                check(max(ends) - min(ends) < 0.3, f"page {pno}: numbers of column {k + 1} not right-aligned ({min(ends):.2f}–{max(ends):.2f})")
        # a lead-in (`…如下：`) is not left at the foot of the page before its table
        above_t = [c for c in pages[i] if abs(c["size"] - 16) < 0.1 and c["base"] < y_top]
        if i > 0 and not above_t and not any(abs(s[0] - s[2]) < 0.01 for s in strokes(doc[i - 1], False)):
            prev = [c for c in pages[i - 1] if abs(c["size"] - 16) < 0.1 and c["base"] < TOP + BODY_H]
            if prev:
                last = max(round(c["base"], 1) for c in prev)
                tail = "".join(c["c"] for c in sorted((c for c in prev if round(c["base"], 1) == last), key=lambda c: c["x"]))
                check(not tail.rstrip().endswith(("：", ":")),
                      f"page {pno}: the table's lead-in {tail.strip()[-20:]!r} is left at the foot of page {pno - 1}")
        # white around the table: the text above and below keeps a line's white
        around = [c for c in pages[i] if abs(c["size"] - 16) < 0.1 and c["base"] < TOP + BODY_H]
        above = [c for c in around if c["base"] < y_top]
        below = [c for c in around if c["base"] > y_bot]
        if above:
            gap = y_top - max(em_top(c) + E for c in above)
            check(gap >= 3.0, f"page {pno}: table {gap:.2f} mm below the text")
        if below:
            gap = min(em_top(c) for c in below) - y_bot
            check(gap >= 3.0, f"page {pno}: text {gap:.2f} mm below the table")


def squash(s):
    return re.sub(r"\s+", "", s)


def main():
    gongwen, src = sys.argv[1], sys.argv[2]
    opts = sys.argv[3:]
    layout = opts[opts.index("--layout") + 1] if "--layout" in opts else None
    land = int(opts[opts.index("--landscape-pages") + 1]) if "--landscape-pages" in opts else None
    tpages = int(opts[opts.index("--table-pages") + 1]) if "--table-pages" in opts else None
    expect = opts[opts.index("--expect-fail") + 1] if "--expect-fail" in opts else None
    sets = [opts[k + 1] for k, o in enumerate(opts) if o == "--set"]
    tmp = tempfile.mkdtemp(prefix="gw-formats-")
    m = json.loads(run([gongwen, "dump", "-q", src]).stdout)
    if sets:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from rules_override import override_for
        layout = os.path.join(tmp, "rules.ini")
        with open(layout, "w", encoding="utf-8") as f:
            f.write(override_for(sets, m["format"]))
    pdf = os.path.join(tmp, "out.pdf")
    r = run([gongwen, "render", src, "-o", pdf] + (["--layout", layout] if layout else []))
    if r.returncode != 0:
        failures.append("render exited %d: %s" % (r.returncode, r.stderr.strip()[-300:]))
    else:
        doc = fitz.open(pdf)
        pages = [chars_of(doc[i]) for i in range(doc.page_count)]
        if m["format"] == "信函":
            check_letter(doc, pages, m)
        if m["format"] == "命令":
            check_order(doc, pages, m)
        if m["format"] == "纪要":
            rows = red_rows(doc[0], 20, 120)
            check(rows and near(rows[0], TOP + 35), f"纪要: mark ink top at {rows[0] if rows else None}, want 72")
        if any(m["attendance"].values()):
            check_attendance(doc, pages, m)
        if table_blocks(m) or land:
            check_tables(doc, pages, m, land, tpages)
        print(f"{os.path.basename(src)}: {m['format']}, {doc.page_count} pages, "
              f"{len(table_blocks(m))} tables, {sum(1 for p in doc if p.rotation)} landscape pages")
    for f in failures:
        print("FAIL:", f)
    if expect is not None:
        hit = [f for f in failures if expect in f]
        print(f"expected a failure about {expect!r}: {'found' if hit else 'NOT found'}")
        return 0 if hit else 1
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
