#!/usr/bin/env python3
"""check_symbols.py LIB: `nm -D --defined-only LIB` lists only gongwen_* functions (every stage's
symbol is hidden), every function of include/gongwen/gongwen.h among them, and the soname is
libgongwen.so.N. Prints the summary."""
import os
import re
import subprocess
import sys

lib = sys.argv[1]
out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True, check=True).stdout
syms = [line.split()[-1] for line in out.splitlines() if line.strip()]
bad = [s for s in syms if not s.startswith("gongwen_")]
header = open(os.path.join(os.path.dirname(__file__), "..", "..", "include", "gongwen", "gongwen.h")).read()
declared = set(re.findall(r"\b(gongwen_\w+)\(", header))
missing = sorted(declared - set(syms))
print(f"nm -D --defined-only {os.path.basename(lib)}: {len(syms)} symbols, "
      f"{len(syms) - len(bad)} gongwen_*, {len(bad)} other")
for s in bad:
    print("  not gongwen_*: " + s)
for s in missing:
    print("  declared in gongwen.h, not exported: " + s)
soname = subprocess.run(["objdump", "-p", lib], capture_output=True, text=True).stdout
m = re.search(r"SONAME\s+(\S+)", soname)
print("soname: " + (m.group(1) if m else "none"))
ok = syms and not bad and not missing and m and re.fullmatch(r"libgongwen\.so\.\d+", m.group(1))
print("ok" if ok else "FAIL")
sys.exit(0 if ok else 1)
