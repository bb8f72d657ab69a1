#!/usr/bin/env python3
"""Renders a 公文 with gongwen and measures its typography from the glyph positions of the PDF
(PyMuPDF rawdict: each character's origin and box), against issue 10's acceptance figures:

  stretched   full body lines letter-spaced by more than 0.3 pt per gap: at most 5 %
  loosest     the loosest full line: at most 2 pt per gap
  pairs       adjacent punctuation (`》，` `”。` `）。` `》《` `”“` `（《`) set at 1.5 字: at least 95 %
  end marks   a line squeezed by tracking never keeps a full-width line-end mark (shrink first)
  28 cells    pure-Chinese full lines holding 28 cells (not 27 spread over 28): at least 95 %
  grid        a Chinese character after digits or Latin sits on a grid column: at least 95 %
  kinsoku     no line starts with a closing mark or ends with an opening one (GB/T 15834)
  units       no number split from its unit, no date or 文号 split across lines
  spaces      every space the model keeps between two Chinese characters prints as a gap
  title       (--title "a/b/c") the title breaks exactly there

Numbers are the standard's and the issue's, written here on purpose (not read from layouts/):
a wrong rule there must make this test fail. --report prints the figures; --expect-fail
inverts the exit status (the negative tests run it with broken rules).

usage: check_typography.py GONGWEN INPUT.txt... [--layout RULES.ini] [--title a/b/c]
                           [--report] [--lines] [--no-shares] [--expect-fail CHECK]
With several inputs the two shares are taken over all of them together.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

import fitz  # python3-fitz (PyMuPDF)

PT = 25.4 / 72.0                 # mm per pt
TOP, BIND = 37.0, 28.0
BODY_W, BODY_H = 156.0, 225.0
CELL_PT = BODY_W / 28 / PT       # 15.79 pt
CELL = BODY_W / 28               # mm
EM = 16.0                        # 3号, pt
INK_LEFT = set("，。、；：）》」』】〕〉〗］｝”’")
INK_RIGHT = set("（《「『【〔〈〖［｛“‘")
NO_START = set("，。、；：？！）》」』】〕〉”’…—%‰％")
NO_END = set("（《「『【〔〈“‘")
UNITS = set("年月日时分秒号个人次名位项家件条批期届倍岁天周户株台套册篇部辆吨米克升元角万亿千百度里亩余多份")


def is_cjk(ch):
    o = ord(ch)
    return (0x3000 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xFF00 <= o <= 0xFFEF
            or 0x20000 <= o <= 0x2FFFF or ch in "“”‘’—…·")


def body_x(pno):
    left = BIND if pno % 2 == 1 else 210.0 - BIND - BODY_W
    return left, left + BODY_W


def lines_of(page):
    """3号 lines inside the 版心: lists of (char, x origin pt, box x0 pt, box x1 pt)."""
    rows = {}
    for b in page.get_text("rawdict")["blocks"]:
        for l in b.get("lines", []):
            for s in l["spans"]:
                if abs(s["size"] - EM) > 0.1:
                    continue
                for c in s["chars"]:
                    y = c["origin"][1]
                    if y * PT > TOP + BODY_H + 2 or c["c"].isspace():
                        continue  # (a space prints nothing; PyMuPDF also makes some up for gaps)
                    rows.setdefault(round(y, 1), []).append(
                        (c["c"], c["origin"][0], c["bbox"][0], c["bbox"][2], y))
    return [sorted(r, key=lambda c: c[1]) for _, r in sorted(rows.items())]


def page_y(line):
    return line[0][4]


def cell_left(ch):
    """Left edge of a character's grid cell (pt): its 16-pt em box is centred on the 15.79 cell."""
    return ch[1] + (EM - CELL_PT) / 2


def line_gap(line):
    """Tracking per gap (pt), from the advances between consecutive Chinese characters that are
    not compressible punctuation; None if the line has no such pair."""
    g = [b[1] - a[1] - CELL_PT for a, b in zip(line, line[1:])
         if is_cjk(a[0]) and is_cjk(b[0]) and a[0] not in INK_LEFT | INK_RIGHT and b[0] not in INK_RIGHT
         and a[0] != "\u3000"]
    return statistics.median(g) if g else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gongwen")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--no-shares", action="store_true",
                    help="leave out the two shares (a short document has too few lines for them)")
    ap.add_argument("--layout")
    ap.add_argument("--set", action="append", default=[],
                    help="SECTION.KEY=VALUE: render with a copy of the rules with that key changed")
    ap.add_argument("--title")
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--lines", action="store_true", help="print every body line with its tracking")
    ap.add_argument("--expect-fail")
    a = ap.parse_args()
    totals = dict(full=0, stretched=0, pure=0, pure28=0)
    rc = 0
    for inp in a.inputs:
        a.input = inp
        rc |= measure(a, totals)
    if len(a.inputs) > 1 and not a.no_shares:
        share_s = totals["stretched"] / max(totals["full"], 1)
        share_28 = totals["pure28"] / max(totals["pure"], 1)
        print(f"all {len(a.inputs)} documents: full lines {totals['full']}, stretched >0.3 pt "
              f"{totals['stretched']} ({share_s:.1%}); pure-Chinese full lines of 28 cells "
              f"{totals['pure28']}/{totals['pure']} ({share_28:.1%})")
        if share_s > 0.05 or share_28 < 0.95:
            print("FAIL [shares] over all documents")
            rc = 1
        elif a.expect_fail == "shares":
            rc = 1
    return rc


def measure(a, totals):
    tmp = tempfile.mkdtemp(prefix="gw-typo-")
    pdf = os.path.join(tmp, "out.pdf")
    cmd = [a.gongwen, "render", "-q", a.input, "-o", pdf]
    layout = a.layout
    if a.set:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from rules_override import write_override
        layout = write_override(a.set, os.path.join(tmp, "rules.ini"), a.layout)
    if layout:
        cmd[2:2] = ["--layout", layout]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        print(r.stderr)
        print("FAIL: render exited", r.returncode)
        return 1
    model = json.loads(subprocess.run([a.gongwen, "dump", "-q", a.input], capture_output=True,
                                      text=True).stdout)
    doc = fitz.open(pdf)
    fails = {}

    def fail(check, msg):
        fails.setdefault(check, []).append(msg)

    full = stretched = pure = pure28 = 0
    loosest, loosest_line = 0.0, ""
    pairs = pairs_ok = 0
    end_marks = end_half = 0
    runs = runs_ok = 0
    all_lines = []
    title_y = min((c["origin"][1] for b in doc[0].get_text("rawdict")["blocks"] for l in b.get("lines", [])
                   for s in l["spans"] if abs(s["size"] - 22) < 0.1 for c in s["chars"]), default=0)

    def lines_of_body(i, page):
        # below the title on page 1: the 版头 (份号, 密级, 发文字号) is set apart
        return [l for l in lines_of(page) if i > 0 or l[0][1] == l[0][1] and page_y(l) > title_y]

    for i, page in enumerate(doc):
        left, right = body_x(i + 1)
        L, R = left / PT, right / PT
        for line in lines_of_body(i, page):
            text = "".join(c[0] for c in line)
            all_lines.append((i + 1, text, line, L, R))
            if text[0] in NO_START:
                fail("kinsoku", f"page {i + 1}: line starts with {text[0]}: {text}")
            if text[-1] in NO_END:
                fail("kinsoku", f"page {i + 1}: line ends with {text[-1]}: {text}")
            gap = line_gap(line)
            if a.lines:
                print(f"{i + 1:3} {gap if gap is not None else float('nan'):6.2f} {text}")
            # adjacent punctuation: the blank between the two marks halved
            for k in range(len(line) - 1):
                x, y = line[k], line[k + 1]
                if (x[0] in INK_LEFT and y[0] in INK_LEFT | INK_RIGHT) or (x[0] in INK_RIGHT and y[0] in INK_RIGHT):
                    pairs += 1
                    adv = y[1] - x[1] - (gap or 0)
                    if adv <= CELL_PT / 2 + 0.3:
                        pairs_ok += 1
                    else:
                        fail("pairs", f"page {i + 1}: {x[0]}{y[0]} set at {(adv + CELL_PT) / CELL_PT:.2f} 字: {text}")
            # full lines: the last character's cell reaches the 版心's right edge
            last = line[-1]
            reaches = abs(cell_left(last) + CELL_PT - R) < 1.5 or (last[0] in INK_LEFT and abs(cell_left(last) + CELL_PT / 2 - R) < 1.5) \
                or (not is_cjk(last[0]) and abs(last[3] - R) < 3)
            if not reaches or len(line) < 12:
                continue
            # is the next line of the same paragraph? (a paragraph's last line can be full by chance)
            full += 1
            if gap is not None:
                if gap > 0.3 + 0.02:
                    stretched += 1
                if gap > loosest:
                    loosest, loosest_line = gap, f"page {i + 1}: {text}"
            if last[0] in INK_LEFT:
                end_marks += 1
                w = R - cell_left(last)
                if w < CELL_PT * 0.75:
                    end_half += 1
                elif gap is not None and gap < -0.05:
                    fail("endmarks", f"page {i + 1}: line tracked {gap:.2f} pt with a full-width {last[0]} at its end: {text}")
            if all(is_cjk(c) for c in text) and gap is not None:
                pure += 1
                indent = round((cell_left(line[0]) - L) / CELL_PT * 2) / 2
                cells = indent + (R - cell_left(line[0]) - gap * (len(line) - 1)) / CELL_PT
                if cells >= 27.75:
                    pure28 += 1
                else:
                    fail("cells", f"page {i + 1}: {cells:.2f} cells: {text}")
        # Chinese after a digit/Latin run: on a grid column (lines not tracked)
        for line in lines_of_body(i, page):
            gap = line_gap(line)
            if gap is None or abs(gap) > 0.02:
                continue
            start = (cell_left(line[0]) - L) / CELL_PT * 2
            if abs(start - round(start)) > 0.05:
                continue  # a centred line (发文字号): not on the grid's columns
            text = "".join(c[0] for c in line)
            half_marks = False
            for k in range(1, len(line)):
                p, c = line[k - 1], line[k]
                if p[0] in INK_LEFT | INK_RIGHT and c[1] - p[1] < CELL_PT * 0.75:
                    half_marks = True
                if c[0] in INK_RIGHT and k + 1 < len(line) and line[k + 1][1] - c[1] < CELL_PT * 0.75:
                    half_marks = True
                if is_cjk(c[0]) and not is_cjk(p[0]) and p[0].isascii() and (p[0].isalnum() or p[0] in "/.%"):
                    # a mark right after the run (`…html）`) keeps the run's blank after it:
                    # the character after the mark is the one on the grid
                    if c[0] in INK_LEFT:
                        if k + 1 >= len(line):
                            continue
                        c = line[k + 1]
                    runs += 1
                    off = (cell_left(c) - L) / CELL_PT
                    step = 0.5 if half_marks else 1.0
                    if abs(off / step - round(off / step)) * step <= 0.06:
                        runs_ok += 1
                    else:
                        fail("grid", f"page {i + 1}: {c[0]!r} after {p[0]!r} at {off:.2f} cells: {text}")
    # number–unit splits across consecutive lines
    for (p1, t1, l1, *_), (p2, t2, l2, *_) in zip(all_lines, all_lines[1:]):
        a_, b_ = t1[-1], t2[0]
        if (a_.isdigit() and b_ in UNITS) or (a_ == "〕" and b_.isdigit()) or \
           (a_ in "年月" and len(t1) >= 2 and t1[-2].isdigit() and b_.isdigit()) or (a_ == "第" and b_.isdigit()):
            fail("units", f"page {p1}: split {t1[-6:]!r} | {t2[:6]!r}")
    # spaces kept in the model between two Chinese characters print as a gap of a cell or more
    texts = [b["text"] for b in model["body"]] + [b["text"] for x in model["annexes"] for b in x["body"]]
    want_gaps = 0
    for t in texts:
        for m in re.finditer(r"(\S)([ \u3000]+)(\S)", t):
            if is_cjk(m.group(1)) and is_cjk(m.group(3)):
                want_gaps += 1
                found = False
                for (_, text, line, *_r) in all_lines:
                    for k in range(len(line) - 1):
                        if line[k][0] == m.group(1):
                            nxt = [c for c in line[k + 1:] if not c[0].isspace()]
                            if nxt and nxt[0][0] == m.group(3) and nxt[0][1] - line[k][1] >= 2 * CELL_PT - 1.5:
                                found = True
                if not found:
                    # the space may fall at a line break: the two characters end and start lines
                    found = any(t1.rstrip()[-1:] == m.group(1) and t2.lstrip()[:1] == m.group(3)
                                for (_, t1, *_x), (_, t2, *_y) in zip(all_lines, all_lines[1:]))
                if not found:
                    fail("spaces", f"the space in {m.group(0)!r} does not print as a gap")
    # title breaks
    if a.title:
        tl = []
        for b in doc[0].get_text("rawdict")["blocks"]:
            for l in b.get("lines", []):
                for s in l["spans"]:
                    if abs(s["size"] - 22) < 0.1 and s["color"] == 0:
                        for c in s["chars"]:
                            tl.append((round(c["origin"][1], 1), c["origin"][0], c["c"]))
        rows = {}
        for y, x, ch in tl:
            rows.setdefault(y, []).append((x, ch))
        got = "/".join("".join(ch for _, ch in sorted(r)) for _, r in sorted(rows.items()))
        if got.replace(" ", "") != a.title:
            fail("title", f"title breaks {got!r}, want {a.title!r}")

    totals["full"] += full
    totals["stretched"] += stretched
    totals["pure"] += pure
    totals["pure28"] += pure28
    share_stretched = stretched / full if full else 0
    share_pairs = pairs_ok / pairs if pairs else 1
    share_28 = pure28 / pure if pure else 1
    share_grid = runs_ok / runs if runs else 1
    if share_stretched > 0.05 and len(a.inputs) == 1 and not a.no_shares:
        fail("stretched", f"{stretched} of {full} full lines ({share_stretched:.1%}) spaced more than 0.3 pt per gap")
    if loosest > 2.0:
        fail("loosest", f"loosest line {loosest:.2f} pt per gap: {loosest_line}")
    if share_pairs < 0.95:
        fail("pairs", f"{pairs_ok} of {pairs} punctuation pairs at 1.5 字 ({share_pairs:.1%})")
    else:
        fails.pop("pairs", None)
    fails.pop("cells", None)
    if share_28 < 0.95 and len(a.inputs) == 1 and not a.no_shares:
        fail("cells", f"{pure28} of {pure} pure-Chinese full lines hold 28 cells ({share_28:.1%})")
    if share_grid < 0.95:
        fail("grid", f"{runs_ok} of {runs} Chinese characters after digits/Latin on a grid column ({share_grid:.1%})")
    else:
        fails.pop("grid", None)
    name = os.path.basename(a.input)
    summary = (f"{name}: {doc.page_count} pages; full lines {full}, stretched >0.3 pt {stretched} "
               f"({share_stretched:.1%}), loosest {loosest:.2f} pt; pairs {pairs_ok}/{pairs}; "
               f"line-end marks at half {end_half}/{end_marks}; pure-Chinese full lines of 28 cells "
               f"{pure28}/{pure}; after digits on the grid {runs_ok}/{runs}; spaces {want_gaps}")
    if a.report:
        print(summary)
        print(f"  loosest: {loosest_line}")
    for k, v in fails.items():
        for m in v[:8]:
            print(f"FAIL [{k}] {m}")
    if a.expect_fail:
        if a.expect_fail in fails:
            print(f"{name}: check '{a.expect_fail}' fails as expected with {a.layout or a.set}")
            return 0
        print(f"FAIL: check '{a.expect_fail}' passed although {a.layout or a.set} breaks its rule")
        return 1
    print(summary if not a.report else f"{name}: {len(fails)} failing checks")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
