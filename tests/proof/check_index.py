#!/usr/bin/python3
"""check_index.py: `gongwen proof DIR -o OUT` writes OUT/index.html; headless Chromium opens it
and the rendered page is checked: every thumbnail loaded, and the counts it shows (documents,
passed, failed, pages; per document its pages, rules and failed rules) are those of the
documents' layout records and reports.

    check_index.py GONGWEN SOURCE_ROOT OUT_DIR [SCREENSHOT.png]

The folder holds every example with its reference; one reference is moved by 1 mm, so one
document must show as FAIL. Chromium runs with the flags this machine needs (no network, a
fresh profile); a page of our own loads the index in a frame and reports what it sees."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

gongwen, root, out = sys.argv[1:4]
shot = sys.argv[4] if len(sys.argv) > 4 else None
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    print("FAIL chromium is not installed (setup.sh installs it)")
    sys.exit(1)

docs = os.path.join(out, "docs")
proofs = os.path.join(out, "proofs")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(docs)
ex = os.path.join(root, "examples")
for f in sorted(os.listdir(ex)):
    if f.endswith((".txt", ".layout.json")):
        shutil.copy(os.path.join(ex, f), docs)
    elif os.path.isdir(os.path.join(ex, f)):  # what the documents use: seals/
        shutil.copytree(os.path.join(ex, f), os.path.join(docs, f))
# one document whose reference says its title was 1 mm higher: it must show as FAIL
ref = os.path.join(docs, "onepage-notice.layout.json")
lines = open(ref, encoding="utf-8").read().splitlines(True)
for i, l in enumerate(lines):
    if '"element": "title"' in l:
        y0 = float(re.search(r'"y0": ([0-9.]+)', l).group(1))
        lines[i] = l.replace(f'"y0": {y0:.2f}', f'"y0": {y0 - 1:.2f}')
        break
open(ref, "w", encoding="utf-8").writelines(lines)

r = subprocess.run([gongwen, "proof", "-q", docs, "-o", proofs], capture_output=True, text=True)
print(r.stdout)
if r.returncode != 1:
    fail(f"proof exits {r.returncode} with one failing document (expected 1)")

# what the page must show, from the records and reports
want = {}
for f in sorted(os.listdir(docs)):
    if not f.endswith(".txt"):
        continue
    name = f[:-4]
    rec = json.load(open(os.path.join(proofs, name, "layout.json"), encoding="utf-8"))
    report = open(os.path.join(proofs, name, "report.txt"), encoding="utf-8").read().splitlines()
    rules = [l for l in report if l.startswith(("PASS ", "FAIL "))]
    want[name] = {"pages": rec["pages"], "rules": len(rules),
                  "failed": sum(l.startswith("FAIL ") for l in rules),
                  "status": "FAIL" if name == "onepage-notice" else "PASS"}

harness = os.path.join(proofs, "check-index.html")
open(harness, "w", encoding="utf-8").write("""<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
<pre id="result">pending</pre>
<iframe id="f" src="index.html" style="width:1200px;height:4000px"></iframe>
<script>
const f = document.getElementById('f');
function report() {
  const d = f.contentDocument;
  const imgs = [...d.querySelectorAll('img.thumb')];
  const t = id => d.getElementById(id).textContent;
  const res = {
    thumbs: imgs.length,
    loaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    shown: {docs: t('n-docs'), pass: t('n-pass'), fail: t('n-fail'), pages: t('n-pages')},
    docs: [...d.querySelectorAll('.doc')].map(x => ({
      status: x.querySelector('h2 .st').textContent,
      name: x.querySelector('h2').textContent.replace(/^\\S+\\s+/, ''),
      thumbs: x.querySelectorAll('img.thumb').length,
      loaded: [...x.querySelectorAll('img.thumb')].filter(i => i.complete && i.naturalWidth > 0).length,
      pages: (x.querySelector('.pages-n') || {}).textContent,
      rules: (x.querySelector('.rules-n') || {}).textContent,
      failed: (x.querySelector('.failed-n') || {}).textContent,
      links: [...x.querySelectorAll('a')].map(a => a.getAttribute('href')),
    })),
  };
  document.getElementById('result').textContent = JSON.stringify(res);
}
f.addEventListener('load', () => setTimeout(report, 100));
</script></body></html>
""")

profile = tempfile.mkdtemp(prefix="gongwen-chromium-")
flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--allow-file-access-from-files",
         "--virtual-time-budget=10000"]
try:
    c = subprocess.run([chromium, *flags, "--dump-dom", "file://" + os.path.abspath(harness)],
                       capture_output=True, text=True, timeout=120)
    if shot:
        subprocess.run([chromium, *flags, f"--screenshot={os.path.abspath(shot)}",
                        "--window-size=1100,1500", "file://" + os.path.abspath(os.path.join(proofs, "index.html"))],
                       capture_output=True, text=True, timeout=120)
finally:
    shutil.rmtree(profile, ignore_errors=True)
m = re.search(r'<pre id="result">(.*?)</pre>', c.stdout, re.S)
if not m or m.group(1) == "pending":
    fail(f"Chromium did not report the page (exit {c.returncode}): {c.stderr[-2000:]}")
    print(f"{0} passed, {len(failures)} failed")
    sys.exit(1)
got = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
print(json.dumps(got["shown"], ensure_ascii=False), f"{got['loaded']} of {got['thumbs']} thumbnails loaded")

total_pages = sum(w["pages"] for w in want.values())
if got["thumbs"] != total_pages or got["loaded"] != total_pages:
    fail(f"thumbnails: {got['loaded']} loaded of {got['thumbs']}, the documents have {total_pages} pages")
n_fail = sum(w["status"] == "FAIL" for w in want.values())
expect_shown = {"docs": str(len(want)), "pass": str(len(want) - n_fail), "fail": str(n_fail),
                "pages": str(total_pages)}
if got["shown"] != expect_shown:
    fail(f"totals shown {got['shown']}, expected {expect_shown}")
seen = set()
for d in got["docs"]:
    w = want.get(d["name"])
    if not w:
        fail(f"unknown document on the page: {d['name']}")
        continue
    seen.add(d["name"])
    shown = {"pages": d["pages"], "rules": d["rules"], "failed": d["failed"], "status": d["status"]}
    exp = {"pages": str(w["pages"]), "rules": str(w["rules"]), "failed": str(w["failed"]), "status": w["status"]}
    if shown != exp:
        fail(f"{d['name']}: shows {shown}, expected {exp}")
    if d["thumbs"] != w["pages"] or d["loaded"] != w["pages"]:
        fail(f"{d['name']}: {d['loaded']} of {d['thumbs']} thumbnails loaded, {w['pages']} pages")
    for href in d["links"]:
        if not os.path.isfile(os.path.join(proofs, href)):
            fail(f"{d['name']}: link to a missing file {href}")
    if f"{d['name']}/report.html" not in d["links"]:
        fail(f"{d['name']}: no link to its report")
    print(f"ok   {d['name']}: {d['status']}, {d['pages']} pages, {d['thumbs']} thumbnails loaded, "
          f"{d['rules']} rules, {d['failed']} failed")
for name in sorted(set(want) - seen):
    fail(f"{name}: not on the page")

print(f"{len(want) + 1 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
