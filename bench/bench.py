#!/usr/bin/env python3
"""bench/bench.py: time `gongwen render` over repeated runs.

Reports, per input: median and min wall time, peak resident memory (max RSS of the process)
and the PDF size. Each run is a fresh process, as a user or a CI job would run it.

usage: bench/bench.py [--runs N] [--gongwen PATH] [INPUT.txt ...]
       (defaults: 30 runs, build/gongwen, examples/*.txt)
"""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return dt, ru.ru_maxrss, p.returncode  # ru_maxrss is in KiB on Linux


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--gongwen", default=os.path.join(root, "build", "gongwen"))
    ap.add_argument("inputs", nargs="*")
    a = ap.parse_args()
    inputs = a.inputs or sorted(glob.glob(os.path.join(root, "examples", "*.txt")))
    out = os.path.join(tempfile.mkdtemp(prefix="gw-bench-"), "out.pdf")
    print(f"{'input':40} {'median ms':>10} {'min ms':>8} {'peak MB':>8} {'PDF KB':>8}")
    bad = 0
    for inp in inputs:
        cmd = [a.gongwen, "render", "-q", inp, "-o", out]
        run_once(cmd)  # warm the page cache and fontconfig's caches
        times, rss = [], []
        for _ in range(a.runs):
            dt, maxrss, rc = run_once(cmd)
            if rc != 0:
                print(f"{os.path.basename(inp)}: gongwen exited {rc}", file=sys.stderr)
                bad += 1
                break
            times.append(dt)
            rss.append(maxrss)
        if not times:
            continue
        print(f"{os.path.basename(inp):40} {statistics.median(times) * 1000:10.1f} "
              f"{min(times) * 1000:8.1f} {max(rss) / 1024:8.1f} {os.path.getsize(out) / 1024:8.1f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
