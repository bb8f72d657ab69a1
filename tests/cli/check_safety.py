#!/usr/bin/env python3
"""Never lose or damage anything (issue 7): output paths, stdout failures, the batch as a CI job
meets it, options as getopt_long parses them, diagnostics as JSON, signals.

Run as root it also checks that `-o /dev/null` leaves /dev/null a character device (as root a
rename would replace it); as another user those cases are still run, on what the user may write.

usage: check_safety.py GONGWEN SOURCE_ROOT [--signals N]
"""
import json
import os
import pty
import random
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def run(*args, stdin=None, **kw):
    return subprocess.run([GW, *args], capture_output=True, input=stdin, **kw)


def run_on_tty(args, which):
    """Runs gongwen with stdout or stderr (which: 1 or 2) on a pseudo-terminal; returns
    (exit status, what the terminal got, the other stream)."""
    master, slave = pty.openpty()
    kw = {"stdout": slave if which == 1 else subprocess.PIPE,
          "stderr": slave if which == 2 else subprocess.PIPE, "stdin": subprocess.DEVNULL}
    p = subprocess.Popen([GW, *args], **kw)
    os.close(slave)
    got = b""
    while True:
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
        elif p.poll() is not None:
            break
    other = (p.stderr if which == 1 else p.stdout).read()
    p.wait()
    os.close(master)
    return p.returncode, got, other


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb" if isinstance(data, bytes) else "w", **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as f:
        f.write(data)


def temp_files(root):
    found = []
    for d, _, files in os.walk(root):
        found += [os.path.join(d, f) for f in files if ".tmp-" in f]
    return found


def outputs(tmp, sample):
    doc = os.path.join(tmp, "doc.txt")
    shutil.copy(sample, doc)
    original = open(doc, "rb").read()

    # the output is the input: refused, the text kept
    for args in (["render", doc, "-o", doc], ["render", "-", "-o", doc]):
        with open(doc, "rb") as redirected:  # `< doc.txt`: standard input is the file itself
            r = subprocess.run([GW, *args], capture_output=True, stdin=redirected)
        check(r.returncode == 2 and b"is the input" in r.stderr,
              f"{args}: output = input: exit {r.returncode} {r.stderr[-200:]!r}")
        check(open(doc, "rb").read() == original, f"{args}: the input was changed")
    link_to_doc = os.path.join(tmp, "doc-link.pdf")
    os.symlink(doc, link_to_doc)
    r = run("render", doc, "-o", link_to_doc)
    check(r.returncode == 2 and open(doc, "rb").read() == original,
          "output = input through a link: not refused")
    os.unlink(link_to_doc)

    # devices: written into, never replaced (as root a rename over /dev/null would succeed)
    for dev in ("/dev/null",):
        r = run("render", "-q", doc, "-o", dev)
        check(r.returncode == 0, f"-o {dev}: exit {r.returncode} {r.stderr[-200:]!r}")
        check(stat.S_ISCHR(os.stat(dev).st_mode), f"-o {dev}: {dev} is no longer a character device")
    r = run("render", "-q", doc, "-o", "/dev/full")
    check(r.returncode == 1 and b"No space left" in r.stderr, f"-o /dev/full: {r.returncode} {r.stderr!r}")
    check(stat.S_ISCHR(os.stat("/dev/full").st_mode), "-o /dev/full: no longer a device")

    # a symbolic link: its target replaced, the link kept
    target = os.path.join(tmp, "real.pdf")
    write(target, b"old")
    link = os.path.join(tmp, "link.pdf")
    os.symlink("real.pdf", link)
    r = run("render", "-q", doc, "-o", link)
    check(r.returncode == 0 and os.path.islink(link), "-o link: the link was replaced")
    check(open(target, "rb").read(4) == b"%PDF", "-o link: the target was not written")

    # a FIFO: streamed; its reader gets the whole PDF and the FIFO stays a FIFO
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo)
    caught = os.path.join(tmp, "from-fifo.pdf")
    with open(caught, "wb") as sink:  # (a file: a pipe of 64 KiB would stall the reader)
        reader = subprocess.Popen(["cat", fifo], stdout=sink)
        r = run("render", "-q", doc, "-o", fifo, timeout=60)
        reader.wait(timeout=60)
    got = open(caught, "rb").read()
    check(r.returncode == 0 and got.startswith(b"%PDF") and got.rstrip().endswith(b"%%EOF"),
          f"-o fifo: exit {r.returncode}, reader got {len(got)} bytes")
    check(stat.S_ISFIFO(os.stat(fifo).st_mode), "-o fifo: no longer a FIFO")

    # /dev/stdout into a pipe: streamed
    r = run("render", "-q", doc, "-o", "/dev/stdout")
    check(r.returncode == 0 and r.stdout.startswith(b"%PDF"), f"-o /dev/stdout: {r.returncode} {r.stderr!r}")

    # bad output names are usage errors, before anything is read
    r = run("render", doc, "-o", "")
    check(r.returncode == 2 and b"empty" in r.stderr, f"-o '': exit {r.returncode}")
    folder = os.path.join(tmp, "outdir")
    os.makedirs(folder)
    r = run("render", doc, "-o", folder)
    check(r.returncode == 2 and b"is a folder" in r.stderr, f"-o folder: exit {r.returncode} {r.stderr!r}")
    r = run("render", "-q", doc, "-o", folder + "/")
    check(r.returncode == 0 and os.path.exists(os.path.join(folder, "doc.pdf")),
          f"-o folder/: exit {r.returncode} {r.stderr!r}")
    r = run("render", doc, "-o", os.path.join(tmp, "no", "such", "x.pdf"))
    check(r.returncode == 1 and b"does not exist" in r.stderr, f"-o into a missing folder: {r.stderr!r}")

    # no PDF onto a terminal unless -o - asks for it
    rc, got, err = run_on_tty(["render", "-"], 1)
    check(rc == 2 and b"%PDF" not in got and b"terminal" in err,
          f"render - onto a terminal: exit {rc}, {len(got)} bytes on the terminal")
    rc, got, _ = run_on_tty(["render", "-q", doc, "-o", "-"], 1)
    check(rc == 0 and b"%PDF" in got, f"-o - onto a terminal (asked for): exit {rc}")

    # inputs that never end or are not files
    for bad in ("/dev/zero", fifo):
        t0 = time.time()
        r = run("render", bad, "-o", os.path.join(tmp, "never.pdf"), timeout=30)
        check(r.returncode == 1 and time.time() - t0 < 10 and not os.path.exists(os.path.join(tmp, "never.pdf")),
              f"render {bad}: exit {r.returncode} in {time.time() - t0:.1f} s {r.stderr[-200:]!r}")
    r = run("render", doc, "-o", os.path.join(tmp, "x.pdf"), "--layout", "/dev/zero", timeout=30)
    check(r.returncode == 1 and b"not a regular file" in r.stderr, f"--layout /dev/zero: {r.stderr!r}")
    r = run("render", doc, "-o", os.path.join(tmp, "x.pdf"), "--max-input-size", "1K")
    check(r.returncode == 1 and b"larger than the limit" in r.stderr, f"--max-input-size 1K: {r.stderr!r}")
    r = run("render", "-", "-o", os.path.join(tmp, "x.pdf"), "--max-input-size", "1K", stdin=original)
    check(r.returncode == 1 and b"larger than the limit" in r.stderr, "--max-input-size on stdin")
    r = run("render", "-q", doc, "-o", os.path.join(tmp, "x.pdf"), "--max-input-size", "1M")
    check(r.returncode == 0, f"--max-input-size 1M: exit {r.returncode}")
    check(not temp_files(tmp), f"temporary files left: {temp_files(tmp)}")


def stdout_failures(sample):
    # every command reports a standard output it cannot write
    proofs = tempfile.mkdtemp(prefix="gw-proof-")
    for args in (["dump", sample], ["fonts"], ["--help"], ["--version"], ["help", "render"],
                 ["render", "-q", sample, "-o", "-"], ["check", sample], ["check", "-h"],
                 ["proof", "-q", "--dpi", "10", sample, "-o", proofs], ["proof", "--help"]):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([GW, *args], stdout=full, stderr=subprocess.PIPE)
        check(p.returncode == 1 and b"standard output" in p.stderr,
              f"{' '.join(args)} > /dev/full: exit {p.returncode} {p.stderr[-200:]!r}")
    shutil.rmtree(proofs, ignore_errors=True)
    # a closed pipe: an error, not a silent death
    p = subprocess.Popen([GW, "dump", sample], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read()
    p.wait()
    check(p.returncode == 1 and b"standard output" in err, f"dump into a closed pipe: {p.returncode} {err!r}")


def options(tmp, sample):
    doc = os.path.join(tmp, "opt.txt")
    shutil.copy(sample, doc)
    out = os.path.join(tmp, "opt.pdf")
    for args in (["-j4", "--output=" + out], ["--jobs=4", "-o" + out], ["-qo" + out], ["-q", "-o", out, "--", doc]):
        if os.path.exists(out):
            os.unlink(out)
        full = ["render", *args] if "--" in args else ["render", doc, *args]
        r = run(*full)
        check(r.returncode == 0 and os.path.exists(out), f"render {' '.join(args)}: exit {r.returncode} {r.stderr[-200:]!r}")
    dash = os.path.join(tmp, "-dash.txt")
    shutil.copy(sample, dash)
    r = run("render", "-q", "-o", out, "--", dash)
    check(r.returncode == 0, "-- before a file whose name starts with '-'")
    r = run("render", doc, "--outptu", out)
    check(r.returncode == 2 and b"did you mean '--output'" in r.stderr and b"gongwen help render" in r.stderr,
          f"--outptu: {r.stderr!r}")
    r = run("dump", doc, "--quite")
    check(r.returncode == 2 and b"did you mean '--quiet'" in r.stderr, f"dump --quite: {r.stderr!r}")
    r = run("render", sample, "--format", "pdf,ofd", "-o", "-")
    check(r.returncode == 2 and b"both PDF and OFD" in r.stderr, f"both formats onto stdout: exit {r.returncode}")
    for cmd in ("check", "proof"):   # every command parses its options alike
        r = run(cmd, "--quite", sample)
        check(r.returncode == 2 and b"did you mean '--quiet'" in r.stderr and
              f"gongwen help {cmd}".encode() in r.stderr, f"{cmd} --quite: {r.stderr!r}")
        r = run(cmd, "-qx", sample)
        check(r.returncode == 2 and b"unknown option '-x'" in r.stderr, f"{cmd} -qx: {r.stderr!r}")
    r = run("render", doc, "-j")
    check(r.returncode == 2 and b"needs a value" in r.stderr, f"-j without a value: {r.stderr!r}")
    r = run("render", doc, "-j", "0")
    check(r.returncode == 2, "-j 0")
    r = run("render", doc, "--shard", "3/2", "-o", tmp + "/")
    check(r.returncode == 2, "--shard 3/2")
    r = run("render", doc, "--diagnostics", "xml")
    check(r.returncode == 2, "--diagnostics xml")
    # the PDF's header names the version whose features it uses: no less, no more
    missing = os.path.join(tmp, "missing.txt")
    write(missing, "## 关于开展检查的通知\n\n正文\U0010FFFD一段\U0010FFFE。\n")
    for src in (doc, missing):
        pdf = os.path.join(tmp, "version.pdf")
        r = run("render", "-q", src, "-o", pdf)
        qdf = os.path.join(tmp, "version.qdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf], check=True)
        body = open(qdf, "rb").read()
        need = max([(1, 4)] + [v for key, v in ((b"/ActualText", (1, 5)), (b"/OpenType", (1, 6)),
                                               (b"/SMask", (1, 4)), (b"/BM", (1, 4)))
                               if key in body])
        head = open(pdf, "rb").read(8)
        check(head == b"%%PDF-%d.%d" % need, f"{os.path.basename(src)}: header {head!r}, features need {need}")


def batch(tmp, sample):
    src = os.path.join(tmp, "b-in")
    for rel in ("a.txt", "sub/b.TXT", "sub/deeper/c.Txt", "notes.md"):
        write(os.path.join(src, rel), open(sample, "rb").read() if rel != "notes.md" else b"# no")
    os.symlink("nowhere.txt", os.path.join(src, "dangling.txt"))
    os.mkfifo(os.path.join(src, "pipe.txt"))
    os.symlink("..", os.path.join(src, "sub", "loop"))
    os.symlink(".", os.path.join(src, "sub", "deeper", "self"))
    out = os.path.join(tmp, "b-out")
    t0 = time.time()
    r = run("render", "-q", src, "-o", out, "-j", "300", timeout=120)
    err = r.stderr.decode("utf-8", "replace")
    check(time.time() - t0 < 60, "batch with links and loops took too long")
    check(r.returncode == 1, f"batch with unreadable entries: exit {r.returncode}")
    for name, why in (("dangling.txt", "does not exist"), ("pipe.txt", "not a regular file"),
                      ("loop", "loop"), ("self", "loop")):
        check(re.search(re.escape(name) + r".*error: .*" + why, err) is not None,
              f"batch: {name} not reported as '{why}': {err[-800:]!r}")
    got = sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
    check(got == ["a.pdf", "sub/b.pdf", "sub/deeper/c.pdf"], f"batch outputs {got}")
    m = re.search(r"rendered (\d+) of (\d+) documents into .*: (\d+) failed, (\d+) warnings?, [\d.]+ s", err)
    check(m is not None and m.groups()[:3] == ("3", "7", "4"), f"batch summary: {err.splitlines()[-1:]!r}")

    # nothing to render: exit 1
    empty = os.path.join(tmp, "empty-in")
    os.makedirs(empty)
    write(os.path.join(empty, "readme.md"), b"x")
    r = run("render", empty, "-o", os.path.join(tmp, "empty-out"))
    check(r.returncode == 1 and b"no documents" in r.stderr, f"empty folder: {r.returncode} {r.stderr!r}")
    # an OUTDIR that is a file: one error before anything
    afile = os.path.join(tmp, "afile")
    write(afile, b"x")
    r = run("render", src, "-o", afile)
    check(r.returncode == 1 and r.stderr.count(b"error") == 1 and b"not a folder" in r.stderr,
          f"OUTDIR is a file: {r.stderr!r}")

    # shards: every document in exactly one shard
    seen = []
    for k in (1, 2, 3):
        sout = os.path.join(tmp, f"shard-{k}")
        r = run("render", "-q", src, "-o", sout, "--shard", f"{k}/3")
        seen += sorted(os.path.relpath(os.path.join(d, f), sout) for d, _, fs in os.walk(sout) for f in fs)
    check(sorted(seen) == ["a.pdf", "sub/b.pdf", "sub/deeper/c.pdf"], f"shards cover {sorted(seen)}")

    # JSON diagnostics: every line of stderr is one object with the documented keys
    jout = os.path.join(tmp, "json-out")
    r = run("render", src, "-o", jout, "--diagnostics", "json", "-j", "2")
    lines = [l for l in r.stderr.decode().splitlines() if l.strip()]
    objs = []
    for l in lines:
        try:
            objs.append(json.loads(l))
        except ValueError:
            check(False, f"--diagnostics json: not JSON: {l!r}")
    diag = [o for o in objs if "rule" in o]
    check(diag and all(set(o) == {"file", "line", "column", "severity", "rule", "message"} for o in diag),
          f"--diagnostics json keys: {objs[:2]}")
    check(any(o["rule"] == "repair-page-break" and o["line"] > 0 for o in diag), "no repair-page-break in JSON")
    check(any(o["rule"] == "batch-dangling-link" for o in diag), "no batch-dangling-link in JSON")
    check(objs and "summary" in objs[-1] and objs[-1]["summary"]["failed"] == 4, f"JSON summary: {objs[-1:]}")

    # warnings fail the run when asked
    wout = os.path.join(tmp, "w-out.pdf")
    r = run("render", sample, "-o", wout, "--warnings-as-errors")
    check(r.returncode == 1 and not os.path.exists(wout) and b"warnings-as-errors" in r.stderr,
          f"--warnings-as-errors: exit {r.returncode}")

    # progress on a terminal: every number once, in order
    pout = os.path.join(tmp, "p-out")
    many = os.path.join(tmp, "many")
    for i in range(12):
        write(os.path.join(many, f"d{i:02}.txt"), open(sample, "rb").read())
    rc, got, _ = run_on_tty(["render", many, "-o", pout, "-j", "4", "-q"], 2)
    nums = [int(n) for n in re.findall(rb"\[(\d+)/12\]", got)]
    check(rc == 0 and nums == list(range(1, 13)), f"progress numbers {nums}")

    if os.geteuid() == 0:
        # an unreadable folder, for a user who cannot read it (root reads everything)
        udir = tempfile.mkdtemp(prefix="gw-unread-")
        os.chmod(udir, 0o777)
        write(os.path.join(udir, "ok.txt"), open(sample, "rb").read())
        os.makedirs(os.path.join(udir, "closed"))
        write(os.path.join(udir, "closed", "x.txt"), b"x")
        os.chmod(os.path.join(udir, "closed"), 0)
        for p in (udir, os.path.join(udir, "ok.txt")):
            os.chmod(p, 0o777 if os.path.isdir(p) else 0o644)
        r = subprocess.run([GW, "render", "-q", udir, "-o", os.path.join(udir, "out")],
                           capture_output=True, preexec_fn=lambda: (os.setgid(65534), os.setuid(65534)))
        check(r.returncode == 1 and b"closed" in r.stderr and b"Permission denied" in r.stderr
              and os.path.exists(os.path.join(udir, "out", "ok.pdf")),
              f"unreadable folder: exit {r.returncode} {r.stderr[-300:]!r}")
        os.chmod(os.path.join(udir, "closed"), 0o755)
        shutil.rmtree(udir)


def signals(tmp, sample, count):
    """SIGINT or SIGTERM at random moments of a -j 8 batch: no temporary file survives."""
    src = os.path.join(tmp, "sig-in")
    for i in range(24):
        write(os.path.join(src, f"d{i:02}.txt"), open(sample, "rb").read())
    # long output paths too (a temporary file of more than 1 KiB of path)
    deep = os.path.join(tmp, "sig-out", *(["x" * 200] * 6))
    rng = random.Random(7)
    left = []
    for k in range(count):
        out = deep if k % 2 else os.path.join(tmp, "sig-out")
        p = subprocess.Popen([GW, "render", "-q", src, "-o", out, "-j", "8"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 0.25))
        p.send_signal(signal.SIGINT if k % 3 else signal.SIGTERM)
        p.wait()
        left += temp_files(os.path.join(tmp, "sig-out"))
        if left:
            break
    check(not left, f"signals: temporary files left after {k + 1} interruptions: {left[:3]}")


def text_integrity(tmp):
    """Marks no face has are reported; a cluster of thousands of marks gives a PDF readers
    take whole (no ToUnicode entry longer than they accept), quickly."""
    src = os.path.join(tmp, "marks.txt")
    write(src, "## 关于开展检查的通知\n\n测\u0301试\u1dcb\u1dcc结果。\n")
    r = run("render", src, "-o", os.path.join(tmp, "marks.pdf"))
    err = r.stderr.decode()
    for cp in ("U+1DCB", "U+1DCC"):
        check(f"no installed font has the character {cp}" in err, f"mark {cp} after a CJK character: no warning")
    zalgo = os.path.join(tmp, "zalgo.txt")
    marks = "".join(chr(0x300 + k % 0x70) for k in range(20000))
    write(zalgo, "## 关于开展检查的通知\n\n测" + marks + "试验结束。\n")
    pdf = os.path.join(tmp, "zalgo.pdf")
    t0 = time.time()
    r = run("render", "-q", zalgo, "-o", pdf, timeout=120)
    check(r.returncode == 0 and time.time() - t0 < 20, f"20,000 marks on one character: exit {r.returncode}, {time.time() - t0:.1f} s")
    p = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True)
    import unicodedata
    bare = "".join(c for c in p.stdout if not c.isspace() and unicodedata.category(c) != "Mn")
    check(p.stderr == "" and "测试验结束" in bare and "\u0301" in p.stdout,
          f"pdftotext of a long mark cluster: {p.stderr[:300]!r} {bare[:80]!r}")


def main():
    global GW
    GW, root = sys.argv[1], sys.argv[2]
    count = int(sys.argv[sys.argv.index("--signals") + 1]) if "--signals" in sys.argv else 20
    sample = os.path.join(root, "examples", "quanzhou-kjj-2021-172.txt")
    tmp = tempfile.mkdtemp(prefix="gw-safety-")
    outputs(tmp, sample)
    stdout_failures(sample)
    options(tmp, sample)
    batch(tmp, sample)
    text_integrity(tmp)
    signals(tmp, sample, count)
    for f in failures:
        print("FAIL:", f)
    print(f"safety: {len(failures)} failures")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
