#!/usr/bin/env python3
"""bench/bench.py: time `gongwen render` over repeated runs, to PDF and to OFD.

Reports, per input and format: median and min wall time, peak resident memory (max RSS of the
process) and the output's size. Each run is a fresh process, as a user or a CI job would run
it; the two formats' runs alternate, so that both meet the same machine load.

usage: bench/bench.py [--runs N] [--gongwen PATH] [--formats pdf,ofd] [INPUT.txt ...]
       (defaults: 30 runs, build/gongwen, both formats, examples/*.txt)
"""
import argparse
import glob
import os
import shutil
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
    ap.add_argument("--formats", default="pdf,ofd")
    ap.add_argument("inputs", nargs="*")
    a = ap.parse_args()
    formats = [f for f in a.formats.split(",") if f]
    inputs = a.inputs or sorted(glob.glob(os.path.join(root, "examples", "*.txt")))
    tmp = tempfile.mkdtemp(prefix="gw-bench-")
    print(f"{'input':34} {'format':>6} {'median ms':>10} {'min ms':>8} {'peak MB':>8} {'size KB':>8}")
    bad = 0
    try:
        bad = bench(a, formats, inputs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if bad else 0


def bench(a, formats, inputs, tmp):
    """Times every input; an input whose run fails gets no figures (a median over the runs
    that happened to succeed would be a wrong one). Returns the number of failed inputs."""
    bad = 0
    for inp in inputs:
        outs = {f: os.path.join(tmp, "out." + f) for f in formats}
        cmds = {f: [a.gongwen, "render", "-q", inp, "-o", outs[f]] for f in formats}
        times = {f: [] for f in formats}
        rss = {f: [] for f in formats}
        for f in formats:
            run_once(cmds[f])  # warm the page cache and fontconfig's caches
        failed = False
        for _ in range(a.runs):
            for f in formats:
                dt, maxrss, rc = run_once(cmds[f])
                if rc != 0:
                    print(f"{os.path.basename(inp)}: gongwen ({f}) exited {rc}: no figures",
                          file=sys.stderr)
                    failed = True
                    break
                times[f].append(dt)
                rss[f].append(maxrss)
            if failed:
                break
        if failed:
            bad += 1
            continue
        for f in formats:
            print(f"{os.path.basename(inp):34} {f:>6} {statistics.median(times[f]) * 1000:10.1f} "
                  f"{min(times[f]) * 1000:8.1f} {max(rss[f]) / 1024:8.1f} "
                  f"{os.path.getsize(outs[f]) / 1024:8.1f}")
    return bad


if __name__ == "__main__":
    sys.exit(main())
