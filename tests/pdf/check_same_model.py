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


def model(gongwen, path, moved_from=None):
    """The model of path; moved_from: the folder the document was copied from, so that paths
    the reader resolved beside it (seal images) read as they would there."""
    here = os.path.dirname(os.path.abspath(path))

    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if k not in ("line", "col", "source")}
        if isinstance(o, list):
            return [strip(x) for x in o]
        if isinstance(o, str) and moved_from and o.startswith(here + "/"):
            return moved_from + o[len(here):]
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
        tmp = tempfile.mkdtemp(prefix="gw-same-")
        b = os.path.join(tmp, os.path.basename(a))
        open(b, "w", encoding="utf-8").write("\n".join(out) + "\n")
        src = os.path.dirname(os.path.abspath(a))
        for name in os.listdir(src):  # folders beside it (seal images) are found from the copy
            if os.path.isdir(os.path.join(src, name)):
                os.symlink(os.path.join(src, name), os.path.join(tmp, name))
        moved_from = src
    else:
        b = sys.argv[3]
        moved_from = os.path.dirname(os.path.abspath(a))
    ma, mb = model(gongwen, a), model(gongwen, b, moved_from)
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
