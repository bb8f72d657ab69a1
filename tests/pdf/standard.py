"""standard.py: the numbers of GB/T 9704-2012 the PDF read-back tests measure against, and the
helpers every one of them needs (check_render.py, check_formats.py). Written here from the
standard (../shared/spec/gbt9704.md) on purpose and not read from layouts/: a wrong number
there must fail the tests."""

PT = 25.4 / 72.0            # mm per pt
TOL = 0.5                   # mm; the standard allows ±1 mm, the issues ask ±0.5
PAGE_W, PAGE_H = 210.0, 297.0
TOP = 37.0                  # 天头
BIND = 28.0                 # 订口
BODY_W, BODY_H = 156.0, 225.0
LINES = 22
PITCH = (BODY_H - 16 * PT) / (LINES - 1)   # option B: 10.4455 mm
CELL = BODY_W / 28                          # 5.5714 mm
# CLREQ: a mark whose ink sits in one half of its em box; the blank half may be compressed
INK_LEFT = set("，。、；：）》」』】〕〉〗］｝”’")
INK_RIGHT = set("（《「『【〔〈〖［｛“‘")

failures = []


def check(cond, what):
    """Records what as a failure unless cond; returns cond."""
    if not cond:
        failures.append(what)
    return cond


def near(a, b, tol=TOL):
    return abs(a - b) <= tol


def body_x(pno):
    """版心 left and right edge (mm) of physical page pno (1-based): mirrored margins."""
    left = BIND if pno % 2 == 1 else PAGE_W - BIND - BODY_W
    return left, left + BODY_W
