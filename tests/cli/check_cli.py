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
    with open(os.path.join(tmp, "fake.png"), "w") as f:   # a text file named .png
        f.write("not a seal\n")
    seal_doc = "---\n署名: 泉州市科学技术局\n印章: {}\n---\n## 关于开展检查的通知\n\n正文。\n"
    cases = {
        "seal-text.txt": seal_doc.format("fake.png").encode(),
        "seal-zero.txt": seal_doc.format("/dev/zero").encode(),
        "seal-folder.txt": seal_doc.format(tmp).encode(),
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

    # batch: two inputs with one output (x/n.txt and y/n.txt → OUT/n.pdf) are refused before
    # anything renders: no two threads ever write one file, and no document is lost silently
    for sub, title in (("x", "关于第一份的通知"), ("y", "关于第二份的通知")):
        os.makedirs(os.path.join(tmp, "dup", sub))
        with open(os.path.join(tmp, "dup", sub, "n.txt"), "w", encoding="utf-8") as f:
            f.write(f"## {title}\n\n正文。\n")
    first, second = (os.path.join(tmp, "dup", s, "n.txt") for s in ("x", "y"))
    dout = os.path.join(tmp, "dup-out")
    r = run("render", "-q", first, second, sample, "-o", dout, "-j", "3")
    err = r.stderr.decode("utf-8", "replace")
    check(r.returncode == 1, f"batch with one output for two inputs: exit {r.returncode}, want 1")
    check(first in err and second in err and "n.pdf" in err and "nothing rendered" in err,
          f"batch: the two inputs with the same output are not both named: {err!r}")
    check(not os.path.exists(dout) or not os.listdir(dout),
          f"batch with duplicate outputs rendered something: {os.listdir(dout) if os.path.exists(dout) else ''}")

    # a character no font has is reported for each document that has it, not once per engine
    mdir = os.path.join(tmp, "miss-in")
    os.makedirs(mdir)
    for name in ("m1.txt", "m2.txt"):
        with open(os.path.join(mdir, name), "w", encoding="utf-8") as f:
            f.write("## 关于开展检查的通知\n\n正文\U0010FFFD一段。\n")
    r = run("render", mdir, "-o", os.path.join(tmp, "miss-out"), "-j", "1")
    err = r.stderr.decode("utf-8", "replace")
    for name in ("m1.txt", "m2.txt"):
        check(re.search(re.escape(os.path.join(mdir, name)) + r": warning: no installed font has "
                        r"the character U\+10FFFD", err) is not None,
              f"batch -j 1: no missing-character warning for {name}: {err[-600:]!r}")

    # and each extracts as itself (not all as the first one: they share .notdef), in a
    # TrueType face (the Latin role) and a CFF one (仿宋: CJK Extension G)
    src = os.path.join(tmp, "miss3.txt")
    want = "正文\u0f00\u13a0\ua980一段\U00030000\U00031350\U00030000。"
    with open(src, "w", encoding="utf-8") as f:
        f.write(f"## 关于开展安全检查的通知\n\n{want}\n")
    out = os.path.join(tmp, "miss3.pdf")
    r = run("render", "-q", src, "-o", out)
    if r.returncode == 0:
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", out, "-"], capture_output=True).stdout
        check(want in text.decode().replace(" ", ""), f"pdftotext of missing characters: {text!r}")
        try:
            import fitz
            with fitz.open(out) as doc:
                got = doc[0].get_text()
            # (MuPDF writes a space for the blank that pads a run of non-Chinese to whole cells)
            check(want in got.replace(" ", ""), f"MuPDF text of missing characters: {got!r}")
        except ImportError:
            pass
    else:
        check(False, f"render of missing characters: exit {r.returncode}")

    # the reason a file cannot be read (a folder is not "Input/output error")
    r = run("dump", tmp)
    check(r.returncode == 1 and b"Is a directory" in r.stderr, f"dump of a folder: {r.stderr!r}")

    # a date with a sign is not a date
    src = os.path.join(tmp, "negdate.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write("---\n标题: 关于开展检查的通知\n成文日期: -001-1-1\n---\n正文。\n")
    r = run("dump", src)
    check(r.returncode == 1 and f"{src}:3:7: error: '-001-1-1' is not a date".encode() in r.stderr,
          f"signed date: {r.stderr!r}")

    # a document layout cannot lay out (no title, no 正文) is refused by the reader, with where
    src = os.path.join(tmp, "annex-only.txt")
    with open(src, "w", encoding="utf-8") as f:
        f.write("# 泉州市科学技术局文件\n\n泉科〔2021〕1号\n\n附件1\n\n## 申报指南\n\n申报单位。\n")
    r = run("dump", src)
    check(r.returncode == 1 and f"{src}:1:3: error: nothing to lay out".encode() in r.stderr,
          f"annex only: {r.stderr!r}")

    # an error in a layout rules file names that file and its line
    rules = os.path.join(tmp, "rules.ini")
    with open(rules, "w") as f:
        f.write("[page]\nfoo\n")
    r = run("render", "-q", sample, "-o", os.path.join(tmp, "rules.pdf"), "--layout", rules)
    check(r.returncode == 1 and f"{rules}:2: error: ".encode() in r.stderr,
          f"bad rules file: {r.stderr[:300]!r}")

    # the output file's mode honours the umask (mkstemp makes 0600)
    for mask, want in ((0o022, 0o644), (0o027, 0o640)):
        out = os.path.join(tmp, f"mode-{mask:o}.pdf")
        p = subprocess.run([GW, "render", "-q", sample, "-o", out], capture_output=True,
                           preexec_fn=lambda m=mask: os.umask(m))
        mode = os.stat(out).st_mode & 0o777 if os.path.exists(out) else None
        check(p.returncode == 0 and mode == want, f"umask {mask:o}: mode {mode and oct(mode)}, want {oct(want)}")

    for f in failures:
        print("FAIL:", f)
    print(f"cli: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
