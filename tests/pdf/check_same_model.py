#!/usr/bin/env python3
"""The same document written two ways gives the same model (gongwen dump), positions aside:
here a Word/WPS paste (one paragraph a line, no blank lines, CRLF, no # marks) and the original.
With --strip-blank-lines B is made from A by dropping its blank lines (front matter kept).

usage: check_same_model.py GONGWEN A.txt [B.txt | --strip-blank-lines]"""
import difflib
import json
import os
import subprocess
import sys
import tempfile


def model(gongwen, path):
    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if k not in ("line", "col", "source")}
        if isinstance(o, list):
            return [strip(x) for x in o]
        return o
    r = subprocess.run([gongwen, "dump", "-q", path], capture_output=True, text=True)
    if r.returncode:
        print(r.stderr)
        sys.exit(1)
    return strip(json.loads(r.stdout))


def main():
    gongwen, a = sys.argv[1], sys.argv[2]
    if sys.argv[3] == "--strip-blank-lines":
        lines = open(a, encoding="utf-8").read().split("\n")
        out, infm = [], lines[0].strip() == "---"
        for k, l in enumerate(lines):
            if infm:
                out.append(l)
                infm = not (k > 0 and l.strip() == "---")
            elif l.strip():
                out.append(l)
        b = os.path.join(tempfile.mkdtemp(prefix="gw-same-"), os.path.basename(a))
        open(b, "w", encoding="utf-8").write("\n".join(out) + "\n")
    else:
        b = sys.argv[3]
    ma, mb = model(gongwen, a), model(gongwen, b)
    if ma == mb:
        print(f"{os.path.basename(a)} and {os.path.basename(b)}: the same model")
        return 0
    for l in difflib.unified_diff(json.dumps(ma, ensure_ascii=False, indent=1).split("\n"),
                                  json.dumps(mb, ensure_ascii=False, indent=1).split("\n"), lineterm="", n=1):
        print(l)
    print(f"FAIL: {os.path.basename(a)} and {os.path.basename(b)} give different models")
    return 1


if __name__ == "__main__":
    sys.exit(main())
