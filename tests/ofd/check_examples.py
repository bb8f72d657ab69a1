#!/usr/bin/python3
"""check_examples.py: every example rendered to OFD and to PDF, the OFD checked against the PDF.

For each example (examples/*.txt, and any further files or folders given): gongwen writes the
PDF and the OFD; the OFD must pass the structural checks (ofdcheck.py), validate against the
schemas in ../shared/ofd/xsd (skipped, and said so, when that folder is not beside the
checkout), carry the text of the PDF page by page in order, tag every 公文 element the reader
found with the objects that draw it, and render in ofd.js 0.2.6 (headless Chromium) with the
red mark, the red rule, every line of text (so the first and last body lines), the 版记 rules
and the page numbers where the PDF has them, within 0.5 mm.

    check_examples.py GONGWEN OUTDIR [TXT|DIR ...]
"""
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ofdcheck  # noqa: E402
import reader  # noqa: E402

TOL = 0.5  # mm
SCALE = 5  # px per mm, ofd.js's largest
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def nows(s):
    return re.sub(r"\s+", "", s or "")


def pdf_page_texts(pdf):
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                         text=True).stdout
    pages = out.split("\f")
    return [nows(p) for p in pages]


def texts_of(v):
    """The texts a dump value holds: a {"text"}, a list of them, or a string."""
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if isinstance(v, dict):
        return [v["text"]] if v.get("text") else []
    if isinstance(v, list):
        return [t for x in v for t in texts_of(x)]
    return []


def check_tags(name, o, model):
    """Each element the reader found is tagged, and its objects draw its text."""
    fields = {}
    for field, _, refs in o.tags:
        fields.setdefault(field, []).extend(refs)
    tagged = {oid for refs in fields.values() for _, oid in refs}
    untagged = [oid for oid, (_, el) in o.objects.items() if oid not in tagged]
    if untagged:
        fail(f"{name}: {len(untagged)} objects are in no tag (first: {untagged[:5]})")

    def field_text(f):
        return nows("".join(o.object_text(oid) for _, oid in fields.get(f, [])
                            if o.objects[oid][1].tag.endswith("TextObject")))

    want = [("fenhao", model.get("copy_number")), ("miji", model.get("secrecy")),
            ("jinjichengdu", model.get("urgency")), ("fawenjiguanbiaozhi", model.get("issuer_mark")),
            ("fawenzihao", model.get("doc_number")), ("biaoti", model.get("title")),
            ("zhusongjiguan", model.get("addressee")), ("fujianshuoming", model.get("attachment_notes")),
            ("chengwenriqi", model.get("date")), ("fuzhu", model.get("note"))]
    for i, s in enumerate(model.get("signatures") or []):
        want.append((f"fawenjiguanshuming_{i + 1}", s))
    col = model.get("colophon") or {}
    want += [("chaosongjiguan", col.get("cc")), ("fensongjiguan", col.get("distribute")),
             ("yinfajiguan", col.get("printer")), ("yinfariqi", col.get("print_date"))]
    for i, a in enumerate(model.get("annexes") or []):
        want.append((f"fujian_{i + 1}", a.get("title")))
    body = [b["text"] for b in model.get("body") or [] if b.get("text")]
    if body:
        want.append(("zhengwen", body))
    n = 0
    for field, value in want:
        for t in texts_of(value):
            got = field_text(field)
            # 份号/密级/日期 may be drawn with other digits or spacing; compare without spaces
            if nows(t) not in got:
                fail(f"{name}: tag {field} draws '{got[:40]}…', not the text '{t[:40]}'")
            n += 1
    if o.page_texts and any(re.search(r"\d", p[-8:] if p else "") for p in o.page_texts):
        if "yema" not in fields:
            fail(f"{name}: no yema (page number) tag")
    print(f"{name}: {len(o.tags)} tags, {n} element texts found in their tagged objects"
          f" ({', '.join(sorted(fields))})")


def fonts_conf(outdir):
    """The fonts the reader draws with: the system's plus the project's (the Fandol faces live
    where only gongwen looks). ofd.js draws by family name and turns any name holding "kai"
    into "楷体, KaiTi, Kai": those names go to the 楷体 face gongwen embedded, as on an office
    machine where 楷体 is installed."""
    path = os.path.join(outdir, "fonts.conf")
    kai = "".join(f"  <alias binding=\"same\"><family>{n}</family><prefer><family>FandolKai</family>"
                  "</prefer></alias>\n" for n in ("楷体", "KaiTi", "Kai"))
    with open(path, "w") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                '<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                f'  <include ignore_missing="yes">{ROOT}/fonts/fonts.conf</include>\n{kai}</fontconfig>\n')
    return path


def describe(name, pages_m):
    """What the reader showed, named as a 公文's parts (for the log and the report)."""
    first = pages_m[0]
    bits = []
    if first["red_ink"]:
        bits.append(f"red mark {reader.fmt(first['red_ink'])}")
    if first["red_rules"]:
        bits.append(f"red rule y {first['red_rules'][0]['y']:.2f} mm")
    below = [b for b in first["bands"] if first["red_rules"] and b["top"] > first["red_rules"][0]["y"]]
    if below:
        bits.append(f"first line below the rule top {below[0]['top']:.2f} mm")
    last = pages_m[-1]
    if last["black_rules"]:
        bits.append("版记 rules y " + ", ".join(f"{r['y']:.2f}" for r in last["black_rules"]) + " mm")
        above = [b for b in last["bands"] if b["bottom"] < last["black_rules"][0]["y"]]
        if above:
            bits.append(f"last line above the 版记 bottom {above[-1]['bottom']:.2f} mm")
    seals = [k + 1 for k, p in enumerate(pages_m) if p["red_other"]]
    if seals:
        bits.append(f"red seal ink on pages {seals}")
    nums = [p["bands"][-1] for p in pages_m if p["bands"] and p["bands"][-1]["top"] > 260]
    if nums:
        bits.append(f"{len(nums)} page numbers, baseline band {nums[0]['top']:.2f}–{nums[0]['bottom']:.2f} mm")
    print(f"{name}: ofd.js showed {len(pages_m)} pages: " + "; ".join(bits))


def main():
    gongwen, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    inputs = []
    for a in sys.argv[3:] or [os.path.join(ROOT, "examples")]:
        inputs += sorted(glob.glob(os.path.join(a, "*.txt"))) if os.path.isdir(a) else [a]
    xsd = ofdcheck.xsd_dir()
    if not xsd:
        print("SKIPPED: schema validation: no ../shared/ofd/xsd beside the checkout "
              "(set GONGWEN_OFD_XSD to a folder of the GB/T 33190 schemas to run it)")
    chromium, why = reader.find()
    if not chromium:
        fail(f"the OFD reader cannot run: {why}")
    conf = fonts_conf(outdir)
    for txt in inputs:
        name = os.path.basename(txt)
        stem = os.path.join(outdir, os.path.splitext(name)[0])
        r = subprocess.run([gongwen, "render", "-q", txt, "-o", stem + ".x", "--format", "pdf,ofd"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"{name}: gongwen exited {r.returncode}: {r.stderr}")
            continue
        o = ofdcheck.Ofd(stem + ".ofd")
        for f in o.check():
            fail(f"{name}: {f}")
        if xsd:
            bad = o.validate(xsd)
            for f in bad:
                fail(f"{name}: {f}")
            if not bad:
                print(f"{name}: every part validates against {xsd}")
        pdf_texts = pdf_page_texts(stem + ".pdf")
        if len(o.page_texts) != len([p for p in pdf_texts if p or True]) - (1 if pdf_texts and not pdf_texts[-1] else 0):
            fail(f"{name}: {len(o.page_texts)} pages in the OFD, {len(pdf_texts) - 1} in the PDF")
        for k, t in enumerate(o.page_texts):
            want = pdf_texts[k] if k < len(pdf_texts) else ""
            if nows(t) != want:
                i = next((j for j in range(min(len(want), len(nows(t)))) if want[j] != nows(t)[j]),
                         min(len(want), len(nows(t))))
                fail(f"{name} page {k + 1}: the OFD's text differs from the PDF's at character {i}: "
                     f"OFD '{nows(t)[i:i + 20]}' PDF '{want[i:i + 20]}'")
        print(f"{name}: OFD text = PDF text on {len(o.page_texts)} pages "
              f"({sum(len(nows(t)) for t in o.page_texts)} characters)")
        model = json.loads(subprocess.run([gongwen, "dump", "-q", txt], capture_output=True,
                                          text=True).stdout)
        check_tags(name, o, model)
        if not chromium:
            continue
        sizes = [(p["box"][2], p["box"][3]) for p in o.pages]
        ok, msg, shots = reader.render(stem + ".ofd", sizes, SCALE, outdir, conf)
        if not ok:
            fail(f"{name}: ofd.js: {msg}")
            continue
        pdf_imgs = reader.pdf_pages(stem + ".pdf", SCALE)
        pages_m, worst = [], 0.0
        for k, img in enumerate(shots):
            reader.save_png(img, f"{stem}-ofdjs-{k + 1}.png")
            if k < len(pdf_imgs):
                m, ref = reader.measure_pair(img, pdf_imgs[k], SCALE)
                worst = max(worst, reader.compare(f"{name} page {k + 1}", m, ref, TOL, fail))
            else:
                m = reader.measure(img, SCALE)
            pages_m.append(m)
        describe(name, pages_m)
        print(f"{name}: reader vs PDF: largest difference of a line of text {worst:.2f} mm")
    print(f"{len(inputs)} documents, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
