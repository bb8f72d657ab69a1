#!/usr/bin/python3
"""check_examples.py: renders every examples/*.txt with gongwen and checks the GB/T 9704
figures of each PDF with measure.py --check (±0.5 mm), plus the even last page of a document
with a 版记.

    check_examples.py GONGWEN EXAMPLES_DIR OUT_DIR"""
import glob
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
gongwen, examples, out = sys.argv[1:4]
failed = 0
for txt in sorted(glob.glob(os.path.join(examples, "*.txt"))):
    pdf = os.path.join(out, os.path.basename(txt)[:-4] + ".pdf")
    r = subprocess.run([gongwen, "render", txt, "-o", pdf], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"FAIL {txt}: gongwen render exited {r.returncode}\n{r.stderr}")
        failed += 1
        continue
    # the mark's place by the document's 版式 (§7.2.4; 信函 §10.1, 命令 §10.2)
    model = json.loads(subprocess.run([gongwen, "dump", "-q", txt], capture_output=True,
                                      text=True).stdout)
    fmt = model["format"]
    has_colophon = any(model["colophon"].values())  # the 版记 is what goes on an even page
    mark_top = {"信函": 30.0, "命令": 57.0}.get(fmt, 72.0)
    m = subprocess.run([sys.executable, os.path.join(here, "measure.py"), pdf, "--check",
                        "--mark-top", str(mark_top)], capture_output=True, text=True)
    print(m.stdout)
    if m.returncode != 0 or ("ODD" in m.stdout and has_colophon):
        print(f"FAIL {txt}")
        failed += 1
print(f"{failed} failed")
sys.exit(1 if failed else 0)
