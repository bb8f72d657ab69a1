"""reader.py: a real OFD reader, ofd.js 0.2.6 in headless Chromium, and measuring its pages.

Owns: the page that loads ofd.js (setup.sh installs its UMD build) and renders an OFD file,
the Chromium run that screenshots it (offline: file:// pages, no network, a fresh profile),
cutting the screenshot into pages, and the measurements made the same way on a reader's page
and on the PDF's page rendered by MuPDF at the same scale: the red ink of the mark, the red
rule, long black rules (版记), and every line of text as a band of ink, in mm.
"""
import json
import math
import os
import shutil
import subprocess
import tempfile

import fitz  # python3-fitz (PyMuPDF)
import numpy as np

OFDJS_DIRS = [os.environ.get("GONGWEN_OFDJS", ""), "/usr/local/share/gongwen/ofdjs"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--allow-file-access-from-files", "--hide-scrollbars", "--force-device-scale-factor=1"]
GAP = 20  # px between pages
COLS = 4  # pages side by side in the screenshot


def find():
    """(chromium, ofd.umd.js), or (None, why not)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    js = next((os.path.join(d, "ofd.umd.js") for d in OFDJS_DIRS
               if d and os.path.isfile(os.path.join(d, "ofd.umd.js"))), None)
    if not chromium:
        return None, "chromium is not installed (setup.sh installs it)"
    if not js:
        return None, "ofd.js is not installed in /usr/local/share/gongwen/ofdjs (setup.sh installs it)"
    return chromium, js


HTML = """<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;padding:0;background:#808080;overflow:hidden}
#st{position:absolute;left:0;top:0;width:100%%;height:10px;background:#000}</style>
<script src="%(js)s"></script></head><body><div id="st"></div><div id="pages"></div>
<script>
var cfg = %(cfg)s;
function done(ok, why) {
  var s = document.getElementById('st');
  s.style.background = ok ? '#00ff00' : '#ff00ff';
  if (!ok) s.textContent = why || '';
  s.setAttribute('data-status', why || '');
}
ofd.parseOfdDocument({ofd: cfg.url, success: function (res) {
  try {
    var divs = ofd.renderOfd(cfg.width, res[0]), c = document.getElementById('pages');
    divs.forEach(function (d, k) {
      d.style.position = 'absolute'; d.style.marginBottom = '0px';
      d.style.left = cfg.lefts[k] + 'px'; d.style.top = cfg.tops[k] + 'px';
      c.appendChild(d);
    });
    done(divs.length === cfg.pages, divs.length + ' pages');
  } catch (e) { done(false, String(e)); }
}, fail: function (e) { done(false, String(e)); }});
</script></body></html>
"""


def layout(page_sizes_mm, scale):
    """Where each page goes in the screenshot: (left, top, w, h) px, and the canvas size."""
    cell_w = max(math.ceil(w * scale) for w, _ in page_sizes_mm) + GAP
    cell_h = max(math.ceil(h * scale) for _, h in page_sizes_mm) + GAP
    boxes = []
    for k, (w, h) in enumerate(page_sizes_mm):
        boxes.append((GAP + (k % COLS) * cell_w, GAP + (k // COLS) * cell_h, w * scale, h * scale))
    cols = min(COLS, len(page_sizes_mm))
    rows = (len(page_sizes_mm) + COLS - 1) // COLS
    return boxes, GAP + cols * cell_w, GAP + rows * cell_h


def render(ofd_path, page_sizes_mm, scale, workdir, fonts_conf=None):
    """Renders ofd_path with ofd.js at scale px/mm. Returns (status_ok, message, pages) where
    pages are RGB arrays, one per page, cut out of the screenshot (None when it failed)."""
    chromium, js = find()
    if not chromium:
        return False, js, None
    # ofd.js sets its scale from the width it is given ((width − 10) / page width, one decimal,
    # at most 5 px/mm): wide enough for the widest page at this scale
    widest = max(w for w, _ in page_sizes_mm)
    width = int(math.ceil(widest * scale)) + 10
    boxes, cw, ch = layout(page_sizes_mm, scale)
    cfg = {"url": "file://" + os.path.abspath(ofd_path), "width": width, "pages": len(page_sizes_mm),
           "lefts": [b[0] for b in boxes], "tops": [b[1] for b in boxes]}
    html = os.path.join(workdir, "view.html")
    with open(html, "w", encoding="utf-8") as f:
        f.write(HTML % {"js": "file://" + js, "cfg": json.dumps(cfg)})
    shot = os.path.join(workdir, "screenshot.png")
    if os.path.exists(shot):
        os.remove(shot)
    profile = tempfile.mkdtemp(prefix="ofd-chromium-", dir=workdir)
    env = dict(os.environ)
    if fonts_conf:
        env["FONTCONFIG_FILE"] = fonts_conf
    cmd = [chromium, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=30000",
           f"--window-size={cw},{ch}", f"--screenshot={shot}", "file://" + html]
    try:
        subprocess.run(cmd, capture_output=True, timeout=120, env=env)
    except subprocess.TimeoutExpired:
        return False, "chromium timed out", None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not os.path.exists(shot):
        return False, "chromium wrote no screenshot", None
    img = png_array(shot)
    st = img[3, img.shape[1] - 4]
    if not (st[1] > 200 and st[0] < 50 and st[2] < 50):
        return False, "ofd.js reported a failure (status bar not green)", None
    pages = []
    for (l, t, w, h) in boxes:
        pages.append(img[t:t + int(round(h)), l:l + int(round(w)), :3])
    return True, "ok", pages


def png_array(path):
    pix = fitz.Pixmap(path)
    a = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)
    return a[:, :, :3]


def save_png(arr, path, step=2):
    a = np.ascontiguousarray(arr[::step, ::step, :3])
    fitz.Pixmap(fitz.csRGB, a.shape[1], a.shape[0], a.tobytes(), False).save(path)


def pdf_pages(pdf_path, scale):
    """The PDF's pages rendered by MuPDF at scale px/mm (RGB arrays)."""
    doc = fitz.open(pdf_path)
    out = []
    for page in doc:
        pix = page.get_pixmap(dpi=int(round(25.4 * scale)), alpha=False)
        out.append(np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3])
    return out


# ---- measuring ------------------------------------------------------------------------------

def masks(img):
    r, g, b = (img[:, :, i].astype(np.int16) for i in range(3))
    red = (r > 140) & (g < 110) & (b < 110)
    dark = (np.maximum(np.maximum(r, g), b) < 140)
    return red, dark


def runs(flags):
    """[start, end) of each run of True."""
    out, start = [], None
    for i, v in enumerate(flags):
        if v and start is None:
            start = i
        elif not v and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(flags)))
    return out


def longest_run(row):
    best = cur = 0
    d = np.diff(np.concatenate(([0], row.astype(np.int8), [0])))
    starts, ends = np.where(d == 1)[0], np.where(d == -1)[0]
    if len(starts):
        lens = ends - starts
        k = int(np.argmax(lens))
        return int(lens[k]), int(starts[k]), int(ends[k])
    return best, cur, cur


def rules(mask, scale, min_mm=60):
    """Horizontal rules: bands of rows whose longest run of ink is at least min_mm, as
    {y (centre), x0, x1, h} in mm."""
    rows = []
    for y in range(mask.shape[0]):
        n, a, b = longest_run(mask[y])
        rows.append((n >= min_mm * scale, a, b))
    out = []
    for s, e in runs([r[0] for r in rows]):
        x0 = min(rows[y][1] for y in range(s, e))
        x1 = max(rows[y][2] for y in range(s, e))
        out.append({"y": (s + e) / 2 / scale, "x0": x0 / scale, "x1": x1 / scale, "h": (e - s) / scale,
                    "rows": (s, e)})
    return out


def bbox(mask, scale):
    ys, xs = np.nonzero(mask)
    if not len(ys):
        return None
    return {"top": ys.min() / scale, "bottom": (ys.max() + 1) / scale,
            "left": xs.min() / scale, "right": (xs.max() + 1) / scale}


def bands(mask, scale, merge_px=2):
    """Lines of text: runs of rows holding ink (gaps up to merge_px merged), with their extent."""
    rows = mask.any(axis=1)
    rr = runs(rows)
    merged = []
    for s, e in rr:
        if merged and s - merged[-1][1] <= merge_px:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    out = []
    for s, e in merged:
        cols = np.nonzero(mask[s:e].any(axis=0))[0]
        out.append({"top": s / scale, "bottom": e / scale, "left": cols.min() / scale,
                    "right": (cols.max() + 1) / scale})
    return out


def measure(img, scale, blank=()):
    """What the tests compare on one page, in mm: the red rules, the red ink above the first
    (the 发文机关标志), the other red ink (seals), the black rules and the lines of text. blank:
    boxes (mm) whose rows of black ink are left out of the lines (the 署名 and date a seal
    presses on: ofd.js draws a seal opaque and at 96 dpi, so what shows of them differs)."""
    red, dark = masks(img)
    dark = dark.copy()
    for b in blank:  # whole rows: a line half under a seal splits differently in each
        dark[int(b["top"] * scale):int(math.ceil(b["bottom"] * scale)), :] = False
    red_rules = rules(red, scale)
    rest = red.copy()
    for r in red_rules:
        rest[r["rows"][0]:r["rows"][1]] = False
    mark = np.zeros_like(rest)
    if red_rules:
        top = red_rules[0]["rows"][0]
        mark[:top] = rest[:top]
        rest[:top] = False
    black_rules = rules(dark, scale)
    text = dark.copy()
    for r in black_rules:
        text[max(0, r["rows"][0] - 1):r["rows"][1] + 1] = False
    return {"red_rules": red_rules, "red_ink": bbox(mark, scale), "red_other": bbox(rest, scale),
            "black_rules": black_rules, "bands": bands(text, scale)}


def measure_pair(img, ref, scale):
    """Both pages measured, the text under either's seals left out of both: a seal drawn over
    text hides different ink when the reader draws it at another size."""
    a, b = measure(img, scale), measure(ref, scale)
    boxes = [dict(x) for x in (a["red_other"], b["red_other"]) if x]
    for x in boxes:
        x["top"] -= 0.5
        x["left"] -= 0.5
        x["bottom"] += 0.5
        x["right"] += 0.5
    if not boxes:
        return a, b
    return measure(img, scale, boxes), measure(ref, scale, boxes)


def fmt(b):
    return f"[{b['left']:.2f}, {b['top']:.2f}]–[{b['right']:.2f}, {b['bottom']:.2f}] mm"


def compare(where, m_ofd, m_pdf, tol, fail):
    """One page: the reader's measurements against the reference's. Returns the largest
    difference of a line of text (mm)."""
    def close(a, b):
        return abs(a - b) <= tol

    for kind in ("red_rules", "black_rules"):
        a, b = m_ofd[kind], m_pdf[kind]
        if len(a) != len(b):
            fail(f"{where}: {len(a)} {kind} in the reader, {len(b)} in the reference")
            continue
        for ra, rb in zip(a, b):
            if not (close(ra["y"], rb["y"]) and close(ra["x0"], rb["x0"]) and close(ra["x1"], rb["x1"])):
                fail(f"{where}: {kind} at y {ra['y']:.2f} x {ra['x0']:.2f}–{ra['x1']:.2f} mm in the "
                     f"reader, y {rb['y']:.2f} x {rb['x0']:.2f}–{rb['x1']:.2f} in the reference")
    a, b = m_ofd["red_ink"], m_pdf["red_ink"]
    if (a is None) != (b is None):
        fail(f"{where}: a red mark in {'the reference' if b else 'the reader'} only")
    elif a and not all(close(a[s], b[s]) for s in ("top", "bottom", "left", "right")):
        fail(f"{where}: red mark {fmt(a)} in the reader, {fmt(b)} in the reference")
    # seals and stamps: ofd.js draws an image at 96 dpi whatever its scale (its CTM divided by
    # 0.2642 mm a pixel), so at 5 px/mm it is 0.757 of its box, from the box's top-left corner:
    # the corner must agree, and the ink stay inside the reference's
    a, b = m_ofd["red_other"], m_pdf["red_other"]
    if (a is None) != (b is None):
        fail(f"{where}: red ink below the mark (a seal) in {'the reference' if b else 'the reader'} only")
    elif a and not (close(a["top"], b["top"]) and close(a["left"], b["left"]) and
                    a["right"] <= b["right"] + tol and a["bottom"] <= b["bottom"] + tol):
        fail(f"{where}: seal ink {fmt(a)} in the reader, {fmt(b)} in the reference")
    a, b = m_ofd["bands"], m_pdf["bands"]
    if len(a) != len(b):
        fail(f"{where}: {len(a)} lines of ink in the reader, {len(b)} in the reference")
        return 0.0
    worst = 0.0
    for ba, bb in zip(a, b):
        d = max(abs(ba[s] - bb[s]) for s in ("top", "bottom", "left", "right"))
        worst = max(worst, d)
        if d > tol:
            fail(f"{where}: a line at {fmt(ba)} in the reader, {fmt(bb)} in the reference")
    return worst
