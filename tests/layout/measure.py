#!/usr/bin/python3
"""measure.py: reads a gongwen PDF back with PyMuPDF and prints (or checks) the GB/T 9704
figures in mm: margins, characters per full line, lines per full page, the mark's ink top,
the red rule, the title, page numbers, the 版记 rules and text, the even last page.

    /usr/bin/python3 measure.py OUT.pdf [--check] [--mark-top MM]

--check exits 1 when a figure is off by more than TOL mm (0.5 mm; the standard allows 1).
--mark-top: where the mark's ink top belongs (72 mm: 35 mm below the 版心; 信函 30 mm from the
sheet's top, §10.1; 命令 20 mm below the 版心, §10.2). A landscape page (/Rotate 90, a wide
table) is measured on the sheet as printed: its page number like any page's; its turned text
is not body text on the portrait grid (tests/pdf/check_formats.py measures it)."""
import sys

import fitz

MM = 25.4 / 72
TOL = 0.5
TOP, AREA_W, AREA_H = 37.0, 156.0, 225.0
BOTTOM = TOP + AREA_H
PITCH = (AREA_H - 16 * MM) / 21
CELL = AREA_W / 28

failures = []
NO_START = set("，。、；：？！）》」』】〕〉”’…—%‰％,.;:?!)]}")
NO_END = set("（《「『【〔〈“‘([{")
INK_LEFT = set("，。、；：）》」』】〕〉〗］｝”’")
INK_RIGHT = set("（《「『【〔〈〖［｛“‘")


def check(name, got, want, tol=TOL):
    ok = abs(got - want) <= tol
    if not ok:
        failures.append(f"{name}: {got:.2f} mm, want {want:.2f} ± {tol}")
    return ok


def area_left(pno):  # 0-based page index; mirrored margins
    return 28.0 if pno % 2 == 0 else 26.0


def is_cjk(ch):
    o = ord(ch)
    return 0x3000 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF or o in (0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026)


def lines_of(page):
    """Text lines: chars grouped by baseline, each char (c, x0, x1, y_origin, size, color)."""
    raw = page.get_text("rawdict")
    rows = {}
    for b in raw["blocks"]:
        for l in b.get("lines", []):
            if tuple(round(v) for v in l["dir"]) != (1, 0):
                continue  # a landscape page's turned text
            for s in l["spans"]:
                for ch in s["chars"]:
                    y = round(ch["origin"][1] * MM, 1)
                    rows.setdefault(y, []).append(
                        (ch["c"], ch["bbox"][0] * MM, ch["bbox"][2] * MM, ch["origin"][1] * MM,
                         s["size"], s["color"], s["font"]))
    return [(y, sorted(r, key=lambda c: c[1])) for y, r in sorted(rows.items())]


def red_ink_top(page):
    """Top of the red ink above the red rule (the mark), in mm, from a 600-dpi raster."""
    clip = fitz.Rect(0, 20 / MM, page.rect.width, 110 / MM)
    pix = page.get_pixmap(dpi=600, clip=clip)
    n, w, h, s = pix.n, pix.width, pix.height, pix.samples
    for yy in range(h):
        row = s[yy * pix.stride: yy * pix.stride + w * n]
        for xx in range(0, w * n, n):
            r, g, b = row[xx], row[xx + 1], row[xx + 2]
            if r > 200 and g < 80 and b < 80:
                return 20 + yy * 25.4 / 600
    return None


def dark_rows(page, y0, y1, x0, x1):
    clip = fitz.Rect(x0 / MM, y0 / MM, x1 / MM, y1 / MM)
    pix = page.get_pixmap(dpi=600, clip=clip, colorspace=fitz.csGRAY)
    rows = []
    for yy in range(pix.height):
        row = pix.samples[yy * pix.stride: yy * pix.stride + pix.width]
        if min(row) < 128:
            rows.append(y0 + (yy + 0.5) * 25.4 / 600)
    return rows


def main():
    path = sys.argv[1]
    doc = fitz.open(path)
    print(f"{path}: {doc.page_count} pages; metadata title={doc.metadata.get('title')!r} "
          f"author={doc.metadata.get('author')!r} subject={doc.metadata.get('subject')!r}")
    mark_top = float(sys.argv[sys.argv.index("--mark-top") + 1]) if "--mark-top" in sys.argv else 72.0
    for pno, page in enumerate(doc):
        turned = page.rotation != 0
        if turned:
            print(f"page {pno + 1}: landscape (/Rotate {page.rotation}), measured unturned")
            page.set_rotation(0)
        L = area_left(pno)
        R = L + AREA_W
        rows = lines_of(page)
        body = [(y, r) for y, r in rows if abs(r[0][4] - 16) < 0.1]
        print(f"page {pno + 1}: {len(rows)} text rows, {len(body)} rows of 3号 text")
        # margins / chars per line
        full = 0
        for y, r in body:
            if y > BOTTOM:
                continue
            # a line-end mark with its ink on the left may be compressed to half a 字 (CLREQ):
            # its ink, the left half of its box, is what stays inside
            right = [c[1] + (c[2] - c[1]) / 2 if c[0] in INK_LEFT else c[2] for c in r]
            left_ink = [c[1] + (c[2] - c[1]) / 2 if c[0] in INK_RIGHT else c[1] for c in r]
            xs0, xs1 = min(left_ink), max(right)
            if xs0 < L - TOL or xs1 > R + TOL:
                failures.append(f"page {pno + 1} line y={y}: outside the 版心 ({xs0:.2f}..{xs1:.2f})")
            n = sum(1 for c in r if is_cjk(c[0]))
            end = r[-1][1] + CELL / 2 if r[-1][0] in INK_LEFT and r[-1][1] + CELL > R + TOL else r[-1][2]
            # (a paragraph's last line of 28 characters with a compressed pair ends ½ 字 short)
            if n == len(r) and n >= 28 and end > R - CELL * 0.4:
                full += 1
                # flush left, or (a paragraph's first line, 28 characters by compression) 左空二字
                first_line = abs(r[0][1] - (L + 2 * CELL)) <= TOL
                check(f"page {pno + 1} y={y} first char left", r[0][1], L + 2 * CELL if first_line else L)
                check(f"page {pno + 1} y={y} last char right", end, R)
                # cells: a mark compressed (adjacent marks 1.5 字, a line-end mark ½) counts half
                cells = 0.0
                for k, c in enumerate(r):
                    adv = (r[k + 1][1] if k + 1 < len(r) else R) - c[1]
                    cells += 0.5 if adv < 0.75 * CELL and c[0] in INK_LEFT | INK_RIGHT else 1.0
                want = 26 if first_line else 28
                if not want - 0.5 <= cells <= want + 0.5:
                    failures.append(f"page {pno + 1} y={y}: {cells:g} cells in a full pure CJK line")
        # 避头尾 (GB/T 15834): no line starts with closing punctuation or ends with an opening one
        for k, (y, r) in enumerate(body):
            if r[0][0] in NO_START:
                failures.append(f"page {pno + 1} y={y}: line starts with {r[0][0]}")
            if r[-1][0] in NO_END:
                failures.append(f"page {pno + 1} y={y}: line ends with {r[-1][0]}")
        # grid: baselines relative to the em-top of grid line i
        tops = sorted(set(round((y - TOP) / PITCH, 2) for y, r in body if y < BOTTOM))
        if body:
            print(f"  3号 lines on grid: first baseline {body[0][0]:.2f} mm, "
                  f"{len([1 for y, r in body if y < BOTTOM])} lines, {full} full pure-CJK lines "
                  f"of 28 (left {L}, right {R})")
        # drawings
        for d in page.get_drawings():
            col = d.get("color")
            for it in d["items"]:
                if it[0] == "l":
                    p0, p1 = it[1], it[2]
                    print(f"  rule y={p0.y * MM:.2f} x={p0.x * MM:.2f}..{p1.x * MM:.2f} "
                          f"len={(p1.x - p0.x) * MM:.2f} width={d['width'] * MM:.3f} colour={col}")
                elif it[0] == "re":
                    rc = it[1]
                    print(f"  rect y={rc.y0 * MM:.2f}..{rc.y1 * MM:.2f} x={rc.x0 * MM:.2f}..{rc.x1 * MM:.2f} colour={col} fill={d.get('fill')}")
        if pno == 0:
            top = red_ink_top(page)
            if top is not None:
                print(f"  mark ink top {top:.2f} mm (want {mark_top:.2f})")
                check("mark ink top", top, mark_top)
        for y, r in rows:
            text = "".join(c[0] for c in r)
            size = r[0][4]
            if abs(size - 22) < 0.1:
                print(f"  title 22pt baseline {y:.2f} x {r[0][1]:.2f}..{r[-1][2]:.2f} centre "
                      f"{(r[0][1] + r[-1][2]) / 2:.2f}: {text}")
            elif abs(size - 14) < 0.1:
                print(f"  14pt baseline {y:.2f} x {r[0][1]:.2f}..{r[-1][2]:.2f}: {text}")
        # page number: the dash rows
        pn = [(y, r) for y, r in rows if y > BOTTOM]
        for y, r in pn:
            x0, x1 = r[0][1], r[-1][2]
            ink = dark_rows(page, BOTTOM + 2, BOTTOM + 12, x0, r[0][2])
            mid = (ink[0] + ink[-1]) / 2 if ink else float("nan")
            print(f"  page number '{''.join(c[0] for c in r)}' x {x0:.2f}..{x1:.2f}, dash ink "
                  f"{ink[0] if ink else 0:.2f}..{ink[-1] if ink else 0:.2f} centre {mid:.2f} (want 269)")
            check(f"page {pno + 1} number dash", mid, BOTTOM + 7)
            if pno % 2 == 0:
                check(f"page {pno + 1} number right", x1, R - CELL)
            else:
                check(f"page {pno + 1} number left", x0, L + CELL)
    print(f"last page {doc.page_count}: {'even' if doc.page_count % 2 == 0 else 'ODD'}")
    if "--check" in sys.argv:
        for f in failures:
            print("FAIL", f)
        sys.exit(1 if failures else 0)
    for f in failures:
        print("note:", f)


if __name__ == "__main__":
    main()
