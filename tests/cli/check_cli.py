#!/usr/bin/env python3
"""The command line as a user meets it: exit status, messages, and never a partial file.

usage: check_cli.py GONGWEN SOURCE_ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(*args, stdin=None):
    return subprocess.run([GW, *args], capture_output=True, input=stdin)


def main():
    global GW
    GW, root = sys.argv[1], sys.argv[2]
    sample = os.path.join(root, "examples", "quanzhou-kjj-2021-172.txt")
    tmp = tempfile.mkdtemp(prefix="gw-cli-")

    # usage
    r = run()
    check(r.returncode == 2 and b"usage:" in r.stderr, "no arguments: want exit 2 and usage")
    r = run("frobnicate")
    check(r.returncode == 2 and b"no such command" in r.stderr, "unknown command: want exit 2")
    r = run("render")
    check(r.returncode == 2, "render without input: want exit 2")
    r = run("render", sample, "--bogus")
    check(r.returncode == 2 and b"unknown option" in r.stderr, "unknown option: want exit 2")
    for args in (["--help"], ["-h"], ["help"], ["help", "render"], ["help", "dump"], ["render", "--help"]):
        r = run(*args)
        check(r.returncode == 0 and b"usage: gongwen" in r.stdout, f"{' '.join(args)}: want usage on stdout")
    r = run("--version")
    check(r.returncode == 0 and re.match(rb"gongwen \d+\.\d+\.\d+\n", r.stdout), "--version")

    # bad input: file:line:col: error:, exit 1, no output file, an existing file untouched
    cases = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "unclosed.txt": "---\n标题: 关于开展检查的通知\n\n正文。\n".encode(),
        "unknown-key.txt": "---\n标提: 关于开展检查的通知\n---\n正文。\n".encode(),
        "bad-date.txt": "---\n标题: 关于开展检查的通知\n成文日期: 2021年2月30日\n---\n正文。\n".encode(),
    }
    for name, data in cases.items():
        src = os.path.join(tmp, name)
        with open(src, "wb") as f:
            f.write(data)
        out = os.path.join(tmp, name + ".pdf")
        r = run("render", src, "-o", out)
        err = r.stderr.decode("utf-8", "replace")
        check(r.returncode == 1, f"{name}: exit {r.returncode}, want 1")
        check(re.search(re.escape(src) + r":\d+:\d+: error: \S", err) is not None,
              f"{name}: no file:line:col: error: message in {err!r}")
        check(not os.path.exists(out), f"{name}: an output file was left behind")
        keep = os.path.join(tmp, "keep.pdf")
        with open(keep, "wb") as f:
            f.write(b"previous")
        run("render", src, "-o", keep)
        with open(keep, "rb") as f:
            check(f.read() == b"previous", f"{name}: the existing output file was overwritten")
    r = run("render", os.path.join(tmp, "missing.txt"))
    check(r.returncode == 1 and b"missing.txt" in r.stderr, "missing input: want exit 1 naming the file")
    r = run("dump", os.path.join(tmp, "unknown-key.txt"))
    check(b"did you mean" in r.stderr, "unknown key: want a 'did you mean' suggestion")
    leftovers = [f for f in os.listdir(tmp) if ".tmp-" in f]
    check(not leftovers, f"temporary files left: {leftovers}")

    # good input: a file, stdin, stdout, the default output name
    out = os.path.join(tmp, "sample.pdf")
    r = run("render", "-q", sample, "-o", out)
    check(r.returncode == 0 and os.path.getsize(out) > 1000, f"render sample: exit {r.returncode} {r.stderr[:300]!r}")
    with open(sample, "rb") as f:
        data = f.read()
    r = run("render", "-q", "-", "-o", "-", stdin=data)
    check(r.returncode == 0 and r.stdout.startswith(b"%PDF-"), "stdin → stdout render")
    copy = os.path.join(tmp, "copy.txt")
    with open(copy, "wb") as f:
        f.write(data)
    r = run("render", "-q", copy)
    check(r.returncode == 0 and os.path.exists(os.path.join(tmp, "copy.pdf")), "default output name IN.pdf")
    r = run("dump", sample)
    check(r.returncode == 0 and r.stdout.startswith(b"{"), "dump prints JSON")

    # batch: a folder renders in parallel; a bad file is reported and never stops the rest
    import shutil
    bdir = os.path.join(tmp, "batch-in")
    os.makedirs(os.path.join(bdir, "sub"))
    shutil.copy(sample, os.path.join(bdir, "a.txt"))
    shutil.copy(sample, os.path.join(bdir, "sub", "b.txt"))
    with open(os.path.join(bdir, "bad.txt"), "wb") as f:
        f.write(cases["unknown-key.txt"])
    with open(os.path.join(bdir, "notes.md"), "wb") as f:
        f.write(b"# not a document")
    bout = os.path.join(tmp, "batch-out")
    r = run("render", "-q", bdir, "-o", bout, "-j", "2")
    err = r.stderr.decode("utf-8", "replace")
    check(r.returncode == 1, f"batch with a bad file: exit {r.returncode}, want 1")
    check(os.path.getsize(os.path.join(bout, "a.pdf")) > 1000, "batch: a.pdf missing")
    check(os.path.getsize(os.path.join(bout, "sub", "b.pdf")) > 1000, "batch: sub/b.pdf missing (relative path)")
    check(not os.path.exists(os.path.join(bout, "bad.pdf")), "batch: bad.pdf written")
    check(not os.path.exists(os.path.join(bout, "notes.pdf")), "batch: a non-.txt file was rendered")
    check("bad.txt:2:1: error:" in err and "1 failed" in err, f"batch: bad file not reported: {err!r}")
    r = run("render", bdir)
    check(r.returncode == 2, "batch without -o: want exit 2")

    for f in failures:
        print("FAIL:", f)
    print(f"cli: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
