#!/usr/bin/env python3
"""check_batch.py GONGWEN EXAMPLES OUT: `gongwen render EXAMPLES -o OUT/ -j 4` (four workers, one
engine) renders every example, and exits 0: under ThreadSanitizer (halt_on_error) a data race
ends the process with an error, and this fails."""
import os
import shutil
import subprocess
import sys

gw, examples, out = sys.argv[1:4]
shutil.rmtree(out, ignore_errors=True)
docs = sorted(f for f in os.listdir(examples) if f.endswith(".txt"))
r = subprocess.run([gw, "render", examples, "-o", out + "/", "-j", "4", "-q"], capture_output=True, text=True)
print(r.stderr[-4000:])
made = sorted(f for f in os.listdir(out) if f.endswith(".pdf")) if os.path.isdir(out) else []
ok = r.returncode == 0 and len(made) == len(docs) and "ThreadSanitizer" not in r.stderr
print(f"{len(made)} of {len(docs)} PDFs, exit status {r.returncode}: {'ok' if ok else 'FAIL'}")
sys.exit(0 if ok else 1)
