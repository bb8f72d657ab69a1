#!/usr/bin/env python3
"""Nothing of the source is dropped (issue 9): for each document, every text the reader put in
the model (`gongwen dump`) is in the PDF's text (`pdftotext -raw`, the content streams' order),
in reading order, and the 发文机关 are the PDF's author.

usage: check_text.py GONGWEN INPUT.txt... [--layout RULES] [--render-without REGEX]

--render-without renders a copy of each input without the source lines matching REGEX (the
model stays the original's): the check must then fail, which shows it can.

Reading order is the standard's: 版头 (份号, 密级, 紧急程度 and 发文机关标志 in the order the format
sets them; 发文字号 or 令号; 签发人), 标题, 主送, 正文 (each table cell by cell, row by row),
附件说明, 纪要's 出席/请假/列席, 署名 (or 职务 and the signatory's name), 成文日期, 附注, the
annexes, the 版记. Texts are compared without white space (poppler breaks lines where the
layout does); the page numbers and a （此页无正文） page's note are not the document's text.
Images (印章, 签名章) are not text: their paths are not looked for.
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def blocks_texts(blocks):
    out = []
    for b in blocks:
        if b["kind"] == "table":
            for row in b["rows"]:
                out += [c for c in row if c]
        else:
            out.append(b["text"])
    return out


def expected(m):
    """(what, text) in reading order."""
    seq = []

    def add(what, t):
        if t and t.get("text"):
            seq.append((what, t["text"]))

    tops = [("份号", m["copy_number"]), ("密级", m["secrecy"]), ("紧急程度", m["urgency"])]
    if m["format"] == "信函":  # the letterhead first, then the lines below its double rule
        add("发文机关标志", m["issuer_mark"])
        for w, t in tops:
            add(w, t)
    else:
        for w, t in tops:
            add(w, t)
        add("发文机关标志", m["issuer_mark"])
    add("发文字号", m["doc_number"])
    for s in m["signers"]:
        add("签发人", s)
    add("标题", m["title"])
    add("主送", m["addressee"])
    seq += [("正文", t) for t in blocks_texts(m["body"])]
    for a in m["attachment_notes"]:
        seq.append(("附件说明", a["name"]))
    for k, label in (("present", "出席"), ("absent", "请假"), ("attending", "列席")):
        if m["attendance"][k]:
            seq.append((label, label + "：" + m["attendance"][k]["text"]))
    for s in m["signatures"]:
        add("署名", s["issuer"])
    for s in m["signatories"]:
        add("职务", s["title"])
        add("姓名", s.get("name"))
    add("成文日期", m["date"])
    add("附注", m["note"])
    for a in m["annexes"]:
        add("附件标题", a["title"])
        seq += [("附件正文", t) for t in blocks_texts(a["body"])]
    cp = m["colophon"]
    for k, label in (("main_to", "主送"), ("cc", "抄送"), ("distribute", "分送"), ("printer", "印发机关"),
                     ("print_date", "印发日期")):
        add(label, cp[k])
    return seq


def squash(s):
    return re.sub(r"\s+", "", s)


def check(gongwen, src, layout, without=None):
    tmp = tempfile.mkdtemp(prefix="gw-text-")
    pdf = os.path.join(tmp, "out.pdf")
    shown = src
    if without:
        shown = os.path.join(os.path.dirname(os.path.abspath(src)), ".check-text-" + os.path.basename(src))
        with open(src, encoding="utf-8") as f:
            kept = [l for l in f if not re.search(without, l)]
        with open(shown, "w", encoding="utf-8") as f:
            f.writelines(kept)
    r = run([gongwen, "render", "-q", shown, "-o", pdf] + (["--layout", layout] if layout else []))
    if without:
        os.unlink(shown)
    if r.returncode != 0:
        return [f"render exited {r.returncode}: {r.stderr.strip()}"]
    m = json.loads(run([gongwen, "dump", "-q", src]).stdout)
    raw = run(["pdftotext", "-raw", pdf, "-"]).stdout
    got = squash(re.sub(r"—\s*\d+\s*—", "", raw))
    fails = []
    at = 0
    for what, text in expected(m):
        want = squash(text)
        k = got.find(want, at)
        if k < 0:  # poppler joins a line ending in a hyphen with the next, dropping the hyphen
            k = got.replace("-", "").find(want.replace("-", ""), 0)
            k = -1 if k < 0 else at  # found (order kept by the other texts)
        if k < 0:
            elsewhere = got.find(want)
            fails.append(f"{what} {text[:40]!r} is " +
                         ("not in the PDF's text" if elsewhere < 0 else
                          f"out of order (at {elsewhere}, after {at})"))
            continue
        at = k + len(want)
    info = run(["pdfinfo", pdf]).stdout
    author = re.search(r"^Author:\s*(.*)$", info, re.M)
    issuers = "、".join(i["text"] for i in m["issuers"])
    if issuers and (not author or author.group(1).strip() != issuers):
        fails.append(f"发文机关 {issuers!r} are not the PDF's author ({author.group(1) if author else None!r})")
    return fails


def main():
    args = sys.argv[1:]
    layout = without = None
    if "--layout" in args:
        k = args.index("--layout")
        layout = args[k + 1]
        del args[k:k + 2]
    if "--render-without" in args:
        k = args.index("--render-without")
        without = args[k + 1]
        del args[k:k + 2]
    gongwen, inputs = args[0], args[1:]
    failed = 0
    for src in inputs:
        fails = check(gongwen, src, layout, without)
        print(f"{os.path.basename(src)}: {'ok' if not fails else 'FAIL'}")
        for f in fails:
            print("  FAIL:", f)
        failed += bool(fails)
    print(f"{len(inputs) - failed} of {len(inputs)} documents keep every text of their model")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
