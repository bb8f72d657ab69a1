#!/usr/bin/python3
"""check_examples.py: renders every examples/*.txt with gongwen and checks the GB/T 9704
figures of each PDF with measure.py --check (±0.5 mm), plus the even last page.

    check_examples.py GONGWEN EXAMPLES_DIR OUT_DIR"""
import glob
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
    m = subprocess.run([sys.executable, os.path.join(here, "measure.py"), pdf, "--check"],
                       capture_output=True, text=True)
    print(m.stdout)
    if m.returncode != 0 or "ODD" in m.stdout:
        print(f"FAIL {txt}")
        failed += 1
print(f"{failed} failed")
sys.exit(1 if failed else 0)
