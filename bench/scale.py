#!/usr/bin/env python3
"""bench/scale.py: how time and memory grow with the document, and on adversarial inputs.

Renders documents of 10, 100, 1,000 and 5,000 pages (bench/gen.py pages N) and the inputs
that once took quadratic time or unbounded memory: 100,000 combining marks after one
character, 400,000 characters that may not start a line, an unbreakable run of 1,000,000
Latin letters, a 15 MB paragraph (--max-input-size 16M), 200,000 one-line paragraphs.
Reports, for each: wall time (best of --runs), peak resident memory, pages, and time and
memory per page. Each run is a fresh process.

usage: bench/scale.py [--runs N] [--gongwen PATH] [--quick]
       (--quick: up to 1,000 pages and smaller adversarial inputs)
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    return dt, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), err


def pages_of(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--gongwen", default=os.path.join(ROOT, "build", "gongwen"))
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="gw-scale-")
    cases = [("pages", n, f"{n} pages") for n in ((10, 100, 1000) if a.quick else (10, 100, 1000, 5000))]
    big = not a.quick
    cases += [("marks", 100000 if big else 20000, "combining marks after one character"),
              ("nostart", 400000 if big else 100000, "、 that may not start a line"),
              ("latin", 1000000 if big else 200000, "unbreakable Latin letters"),
              ("paragraph", 15 if big else 3, "MB in one paragraph"),
              ("lines", 200000 if big else 50000, "one-line paragraphs")]
    print(f"{'input':44} {'pages':>6} {'s':>7} {'ms/page':>8} {'peak MB':>8} {'KB/page':>8}")
    bad = 0
    for kind, n, what in cases:
        src = os.path.join(tmp, f"{kind}-{n}.txt")
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), kind, str(n), src], check=True)
        pdf = os.path.join(tmp, "out.pdf")
        cmd = [a.gongwen, "render", "-q", "--max-input-size", "16M", src, "-o", pdf]
        best = None
        for _ in range(a.runs):
            dt, rss, rc, err = run(cmd)
            if rc != 0:
                print(f"{kind} {n}: exit {rc}: {err[-300:]}", file=sys.stderr)
                bad += 1
                break
            best = (dt, rss) if best is None or dt < best[0] else (best[0], max(best[1], rss))
        if best is None:
            continue
        pg = pages_of(pdf)
        label = f"{n:,} {what}" if kind != "pages" else what
        print(f"{label:44} {pg:6d} {best[0]:7.2f} {best[0] * 1000 / max(pg, 1):8.2f} "
              f"{best[1]:8.1f} {best[1] * 1024 / max(pg, 1):8.1f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
