#!/usr/bin/env python3
"""check_batch_memory.py GONGWEN SOURCE OUT: in a batch, a document that runs out of memory fails
alone. A folder holds two examples and a document of 3,000 paragraphs (some 650 KB, 250 pages);
`render DIR -o OUT/ -j 2 --max-memory 8M`: the long one fails with an `out-of-memory` error at
its name (JSON diagnostics) and writes nothing, the two others are rendered, the summary counts
2 of 3, the exit status is 1. With --max-memory 64M all three render."""
import json
import os
import shutil
import subprocess
import sys

gw, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


shutil.rmtree(out, ignore_errors=True)
docs = os.path.join(out, "docs")
os.makedirs(docs)
for ex in ("onepage-notice.txt", "attachment-notice.txt"):
    shutil.copy(os.path.join(src, "examples", ex), docs)
head = open(os.path.join(src, "examples", "onepage-notice.txt"), encoding="utf-8").read().split("\n")
para = ("　　为深入贯彻落实创新驱动发展战略，进一步营造全社会支持科技创新的良好氛围，现将有关事项"
        "通知如下，请各单位认真组织实施，确保各项工作落到实处。")
lines = []
for line in head:
    lines.append(line)
    if line.endswith("："):  # the 主送: the long 正文 follows it
        lines += ["", "\n\n".join([para] * 3000)]
open(os.path.join(docs, "long-report.txt"), "w", encoding="utf-8").write("\n".join(lines))

pdfs = os.path.join(out, "pdf")
r = subprocess.run([gw, "render", docs, "-o", pdfs + "/", "-j", "2", "--max-memory", "8M",
                    "--diagnostics", "json", "-q"], capture_output=True, text=True)
msgs = [json.loads(line) for line in r.stderr.splitlines() if line.startswith("{")]
oom = [m for m in msgs if m.get("rule") == "out-of-memory"]
summary = [m["summary"] for m in msgs if "summary" in m]
check(r.returncode == 1, f"exit status 1 (got {r.returncode})")
check(len(oom) == 1 and oom[0]["file"].endswith("long-report.txt") and oom[0]["severity"] == "error",
      "one out-of-memory error, at the long document: " + (oom[0]["message"] if oom else "none"))
made = sorted(os.listdir(pdfs)) if os.path.isdir(pdfs) else []
check(made == ["attachment-notice.pdf", "onepage-notice.pdf"], f"the two others rendered, nothing else: {made}")
check(summary and summary[0]["rendered"] == 2 and summary[0]["failed"] == 1, f"summary: {summary}")

shutil.rmtree(pdfs)
r = subprocess.run([gw, "render", docs, "-o", pdfs + "/", "-j", "2", "--max-memory", "64M", "-q"],
                   capture_output=True, text=True)
check(r.returncode == 0 and len(os.listdir(pdfs)) == 3, "with --max-memory 64M all three render")
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
