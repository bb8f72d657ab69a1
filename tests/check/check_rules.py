#!/usr/bin/python3
"""check_rules.py: `gongwen check`, rule by rule, on the seeded document and on the sample.

    check_rules.py GONGWEN SOURCE_ROOT

For every rule: a wrong text must give a finding of that rule at its line and column, and the
right text none (so each case fails when its rule is taken out). The seeded document
(tests/check/seeded.txt) carries one error of each rule of the check and must report each at
its line and column and no other error. The sample (examples/quanzhou-kjj-2021-172.txt) must
give its repairs as warnings and no error. The text and JSON forms must say the same."""
import json
import os
import re
import subprocess
import sys

gongwen, root = sys.argv[1], sys.argv[2]
failures = []

# A small 通知 with every element right; each case replaces one line of it.
BASE = """---
发文字号: 泉科〔2022〕5号
---

# 泉州市科学技术局文件

## 泉州市科学技术局关于开展2022年科技活动周活动的通知

各县（市、区）科技局，各有关单位：

为做好2022年科技活动周工作，现将有关事项通知如下。

一、活动主题

（一）主题内容

科技创新引领高质量发展。

（二）活动形式

1.线上活动。

2.线下活动。

二、工作要求

请各单位于2022年6月5日前报送活动总结。

附件：1. 科技活动周活动方案
2. 科技活动周统计表

泉州市科学技术局

2022年5月10日

附件1

## 科技活动周活动方案

活动方案内容如下。

附件2

## 科技活动周统计表

统计表内容。

---

抄送：省科技厅。

---

泉州市科学技术局办公室

2022年5月10日印发
"""

# rule, severity, the line of BASE to replace (its text), the wrong text, line and column of
# the finding in the wrong document, the right text (None: BASE's own line is the right one)
CASES = [
    ("doc-number-year", "error", "发文字号: 泉科〔2022〕5号", "发文字号: 泉科〔22〕5号", 2, 10, None),
    ("doc-number-brackets", "warning", "发文字号: 泉科〔2022〕5号", "发文字号: 泉科[2022]5号", 2, 7, None),
    ("doc-number-serial", "warning", "发文字号: 泉科〔2022〕5号", "发文字号: 泉科〔2022〕05号", 2, 7, None),
    ("date-leading-zero", "warning", "2022年5月10日", "2022年05月10日", 34, 1, None),
    ("date-incomplete", "error", "统计表内容。", "统计表内容。\n\n2022年5月", 48, 1, None),
    ("date-order", "error", "2022年5月10日印发", "2022年5月9日印发", 56, 1, None),
    ("half-width-punct", "error", "为做好2022年科技活动周工作，现将有关事项通知如下。",
     "为做好2022年科技活动周工作,现将有关事项通知如下。", 11, 16,
     "为做好2022年科技活动周工作，现将有关事项通知如下。"),
    ("heading-sequence", "error", "二、工作要求", "四、工作要求", 25, 1, None),
    ("heading-level-skip", "error", "（一）主题内容", "1. 主题内容", 15, 1, None),
    ("heading-marker", "error", "二、工作要求", "二.工作要求", 25, 1, None),
    ("heading-mixed", "error", "二、工作要求", "（二）工作要求", 25, 1, None),
    ("heading-half-width-parens", "warning", "（二）活动形式", "(二)活动形式", 19, 1, None),
    ("title-end-punct", "error", "## 泉州市科学技术局关于开展2022年科技活动周活动的通知",
     "## 泉州市科学技术局关于开展2022年科技活动周活动的通知。", 7, 31, None),
    ("title-unbalanced", "error", "## 科技活动周活动方案", "## 《科技活动周活动方案", 38, 4, None),
    ("attachment-note-punct", "warning", "2. 科技活动周统计表", "2. 科技活动周统计表。", 30, 1, None),
    ("attachment-note-numbering", "error", "2. 科技活动周统计表", "2、科技活动周统计表", 30, 1, None),
    ("attachment-note-mismatch", "error", "## 科技活动周统计表", "## 科技活动周情况统计表", 44, 4, None),
    ("addressee-colon", "error", "各县（市、区）科技局，各有关单位：", "各县（市、区）科技局，各有关单位", 9, 17, None),
    ("cc-end-punct", "warning", "抄送：省科技厅。", "抄送：省科技厅", 50, 4, None),
    ("signature-missing", "warning", "泉州市科学技术局\n\n2022年5月10日", "2022年5月10日", 31, 1, None),
    ("date-missing", "warning", "泉州市科学技术局\n\n2022年5月10日", "泉州市科学技术局", 31, 1, None),
]


def check(text, *extra):
    r = subprocess.run([gongwen, "check", "--diagnostics", "json", *extra, "-"], input=text,
                       capture_output=True, text=True)
    found = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
    return r.returncode, found


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


# the base document is clean
rc, found = check(BASE)
bad = [f for f in found if f["severity"] != "note"]
if rc != 0 or bad:
    fail(f"the right document gives findings (exit {rc}): {bad}")

for rule, sev, line, wrong, wl, wc, right in CASES:
    assert line in BASE, line
    doc = BASE.replace(line, wrong, 1)
    rc, found = check(doc)
    hits = [f for f in found if f["rule"] == rule]
    at = [(f["line"], f["column"]) for f in hits]
    if not hits:
        fail(f"{rule}: the wrong text gives no finding (got {[(f['rule'], f['line'], f['column']) for f in found]})")
    elif (wl, wc) not in at:
        fail(f"{rule}: found at {at}, expected {wl}:{wc}")
    elif any(f["severity"] != sev for f in hits):
        fail(f"{rule}: severity {[f['severity'] for f in hits]}, expected {sev}")
    elif sev == "error" and rc != 1:
        fail(f"{rule}: exit status {rc} with an error")
    else:
        print(f"ok   {rule}: {wl}:{wc} {hits[0]['message']}")
    rdoc = BASE if right is None else BASE.replace(line, right, 1)
    rc, found = check(rdoc)
    if any(f["rule"] == rule for f in found):
        fail(f"{rule}: the right text gives a finding too")

# text that looks like a rule's wrong example but is right
for what, line, text in [
    ("a room number in brackets", "请各单位于2022年6月5日前报送活动总结。", "请各单位于2022年6月5日前到（2）3号楼报送活动总结。"),
    ("articles whose items number anew", "请各单位于2022年6月5日前报送活动总结。",
     "请各单位于2022年6月5日前报送活动总结。\n\n第一条　活动包括：\n\n（一）科普讲座\n\n（二）科技展览\n\n"
     "第二条　活动要求：\n\n（一）注重实效\n\n（二）节约办会"),
    ("a list of numbered text and headings", "请各单位于2022年6月5日前报送活动总结。",
     "请各单位于2022年6月5日前报送活动总结。\n\n1. 各单位要加强组织，精心安排，确保活动取得实效，切实做好各项工作。\n\n"
     "2. 宣传报道\n\n3. 各单位要注重总结，及时报送工作信息，认真做好活动总结工作。"),
    ("a time", "请各单位于2022年6月5日前报送活动总结。", "请各单位于2022年6月5日9:30前报送活动总结。"),
    ("a web address", "请各单位于2022年6月5日前报送活动总结。", "请各单位于2022年6月5日前登录http://kjj.quanzhou.gov.cn报送活动总结。"),
    ("Latin words", "请各单位于2022年6月5日前报送活动总结。", "请各单位于2022年6月5日前报送活动总结（Summary, Data）。"),
]:
    rc, found = check(BASE.replace(line, text, 1))
    bad = [f for f in found if f["severity"] != "note"]
    if bad:
        fail(f"{what}: false findings {[(f['rule'], f['line'], f['column']) for f in bad]}")
    else:
        print(f"ok   {what}: no finding")

# the seeded document: one error of each rule of the check, each at its place, nothing else
SEEDED = {
    ("doc-number-year", 2, 10), ("title-unbalanced", 7, 16), ("addressee-colon", 9, 17),
    ("half-width-punct", 11, 16), ("heading-mixed", 17, 1), ("heading-sequence", 21, 1),
    ("heading-level-skip", 27, 1), ("heading-marker", 29, 1),
    ("attachment-note-numbering", 34, 1), ("attachment-note-mismatch", 42, 4),
    ("date-incomplete", 48, 1), ("title-end-punct", 52, 12), ("date-order", 64, 1),
}
seeded = os.path.join(root, "tests", "check", "seeded.txt")
rc, found = check(open(seeded, encoding="utf-8").read())
errors = {(f["rule"], f["line"], f["column"]) for f in found if f["severity"] == "error"}
for e in sorted(SEEDED - errors):
    fail(f"seeded: {e[0]} not reported at {e[1]}:{e[2]}")
for e in sorted(errors - SEEDED):
    fail(f"seeded: unexpected error {e}")
if rc != 1:
    fail(f"seeded: exit status {rc}, expected 1")
own = {r for r, *_ in CASES if _[0] == "error"}
missing = {r for r, *_ in CASES if _[0] == "error"} - {e[0] for e in SEEDED} - {
    "doc-number-brackets", "doc-number-serial"}
if missing:
    fail(f"seeded: no seeded error for {sorted(missing)}")
print(f"ok   seeded: {len(SEEDED & errors)} of {len(SEEDED)} errors at their line and column")

# the sample: its repairs as warnings, no error
sample = os.path.join(root, "examples", "quanzhou-kjj-2021-172.txt")
r = subprocess.run([gongwen, "check", sample], capture_output=True, text=True)
lines = r.stdout.splitlines()
errs = [l for l in lines if ": error: " in l]
repairs = [l for l in lines if "[repair-" in l]
if r.returncode != 0 or errs:
    fail(f"sample: exit {r.returncode}, errors {errs}")
if len(repairs) < 5:
    fail(f"sample: only {len(repairs)} repairs reported")
for l in lines:
    if not l.rstrip().endswith("]"):
        fail(f"sample: a finding without its rule id: {l}")
print(f"ok   sample: {len(lines)} findings, {len(repairs)} repairs, no error")

# text and JSON say the same
rj = subprocess.run([gongwen, "check", "--diagnostics", "json", sample], capture_output=True, text=True)
js = [json.loads(l) for l in rj.stdout.splitlines()]
if len(js) != len(lines) or any(f"[{j['rule']}]" not in t for j, t in zip(js, lines)):
    fail("sample: the JSON findings differ from the text ones")

# usage
r = subprocess.run([gongwen, "check"], capture_output=True, text=True)
if r.returncode != 2:
    fail(f"check without a file: exit {r.returncode}, expected 2")
r = subprocess.run([gongwen, "--help"], capture_output=True, text=True)
if not re.search(r"^\s+check\s", r.stdout, re.M) or not re.search(r"^\s+proof\s", r.stdout, re.M):
    fail("gongwen --help does not list check and proof")
r = subprocess.run([gongwen, "help", "check"], capture_output=True, text=True)
if r.returncode != 0 or "rule-id" not in r.stdout:
    fail("gongwen help check")

print(f"{len(CASES) + 7 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
