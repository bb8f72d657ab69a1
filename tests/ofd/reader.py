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


def measure(img, scale):
    """What the tests compare on one page, in mm."""
    red, dark = masks(img)
    red_rules = rules(red, scale)
    mark = red.copy()
    for r in red_rules:
        mark[r["rows"][0]:r["rows"][1]] = False
    black_rules = rules(dark, scale)
    text = dark.copy()
    for r in black_rules:
        text[max(0, r["rows"][0] - 1):r["rows"][1] + 1] = False
    return {"red_rules": red_rules, "red_ink": bbox(mark, scale), "black_rules": black_rules,
            "bands": bands(text, scale)}
