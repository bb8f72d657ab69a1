"""ofdcheck.py: reads an OFD package back and checks it the way OFD readers need it.

Owns the structural checks of the OFD back end's output, shared by the example and back-end
tests: the ZIP and its entries, the ofd: prefix on every element, unique IDs and MaxUnitID,
references that resolve, relative paths, DeltaX counts, text inside its Boundary, fonts (one
face per file, every character of every TextCode in the embedded font's cmap or drawn by a
CGTransform), images, schema validation (xmllint against ../shared/ofd/xsd when it is there),
and the text of each page in order.
"""
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
import xml.etree.ElementTree as ET

import fitz  # python3-fitz (PyMuPDF): FreeType loads each embedded font
from fontTools.ttLib import TTFont  # python3-fonttools

NS = "http://www.ofdspec.org/2016"
Q = "{%s}" % NS


def q(tag):
    return Q + tag


def xsd_dir():
    """../shared/ofd/xsd beside the checkout (the repository root's parent), or $GONGWEN_OFD_XSD.
    None when absent (CI clones elsewhere)."""
    env = os.environ.get("GONGWEN_OFD_XSD")
    if env:
        return env if os.path.isfile(os.path.join(env, "Page.xsd")) else None
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for cand in (os.path.join(os.path.dirname(root), "shared", "ofd", "xsd"),
                 os.path.join(root, "..", "shared", "ofd", "xsd")):
        if os.path.isfile(os.path.join(cand, "Page.xsd")):
            return os.path.realpath(cand)
    return None


def deltas(s):
    """DeltaX → list of floats (`g N v` repeats v N times)."""
    out, t, i = [], s.split(), 0
    while i < len(t):
        if t[i] == "g":
            out += [float(t[i + 2])] * int(t[i + 1])
            i += 3
        else:
            out.append(float(t[i]))
            i += 1
    return out


def box(s):
    return [float(v) for v in s.split()]


class Ofd:
    """An OFD package, parsed. failures collects what is wrong."""

    def __init__(self, path):
        self.path = path
        self.failures = []
        self.zip = zipfile.ZipFile(path)
        self.names = self.zip.namelist()
        self.xml = {}

    def fail(self, msg):
        self.failures.append(msg)

    def raw(self, name):
        return self.zip.read(name)

    def tree(self, name):
        if name not in self.xml:
            self.xml[name] = ET.fromstring(self.raw(name))
        return self.xml[name]

    def resolve(self, base_file, loc):
        """A relative location in base_file's folder (absolute ones are a failure)."""
        if loc.startswith("/"):
            self.fail(f"{base_file}: absolute path {loc}")
            loc = loc[1:]
            return loc
        d = os.path.dirname(base_file)
        return os.path.normpath(os.path.join(d, loc)) if d else os.path.normpath(loc)

    # ---- structure ---------------------------------------------------------------------------
    def load(self):
        if "OFD.xml" not in self.names:
            self.fail("no OFD.xml at the root")
            return False
        for n in self.names:
            if n.endswith(".xml"):
                data = self.raw(n)
                if re.search(rb"<(?!\?|!|/|ofd:|gw:)[A-Za-z]", data) or re.search(rb"</(?!ofd:|gw:)", data):
                    self.fail(f"{n}: an element without the ofd: prefix")
                if b'Rule="' in data:
                    self.fail(f"{n}: a Rule attribute")
        ofd = self.tree("OFD.xml")
        if ofd.tag != q("OFD") or ofd.get("Version") != "1.0" or ofd.get("DocType") != "OFD":
            self.fail("OFD.xml: not an OFD 1.0 root")
        body = ofd.find(q("DocBody"))
        self.info = {c.tag[len(Q):]: c.text for c in body.find(q("DocInfo"))}
        if not re.fullmatch(r"[0-9a-f]{32}", self.info.get("DocID", "")):
            self.fail(f"DocID {self.info.get('DocID')} is not 32 hex characters")
        if "CreationDate" in self.info and not re.fullmatch(r"\d{4}-\d\d-\d\d", self.info["CreationDate"]):
            self.fail("CreationDate is not YYYY-MM-DD")
        self.doc_file = self.resolve("OFD.xml", body.find(q("DocRoot")).text)
        if self.doc_file != "Doc_0/Document.xml":
            self.fail(f"DocRoot is {self.doc_file}")
        doc = self.tree(self.doc_file)
        cd = doc.find(q("CommonData"))
        self.max_unit_id = int(cd.find(q("MaxUnitID")).text)
        pa = cd.find(q("PageArea")).find(q("PhysicalBox")).text
        self.page_area = box(pa)
        self.res_files = [self.resolve(self.doc_file, e.text) for e in cd if e.tag in (q("PublicRes"), q("DocumentRes"))]
        self.default_cs = cd.find(q("DefaultCS"))
        self.pages = []
        for p in doc.find(q("Pages")).findall(q("Page")):
            self.pages.append({"id": int(p.get("ID")), "file": self.resolve(self.doc_file, p.get("BaseLoc"))})
        ct = doc.find(q("CustomTags"))
        self.tags_file = self.resolve(self.doc_file, ct.text) if ct is not None else None
        return True

    def check(self, fonts=True):
        """Every structural check; returns the failures."""
        if not self.load():
            return self.failures
        ids = {}

        def add_id(i, where):
            i = int(i)
            if i <= 0:
                self.fail(f"{where}: ID {i} is not > 0")
            if i in ids:
                self.fail(f"{where}: ID {i} also used by {ids[i]}")
            ids[i] = where

        self.fonts, self.colorspaces, self.media = {}, {}, {}
        for rf in self.res_files:
            if rf not in self.names:
                self.fail(f"resource file {rf} is missing")
                continue
            res = self.tree(rf)
            base = self.resolve(rf, res.get("BaseLoc") + "/x")[:-2]
            for cs in res.iter(q("ColorSpace")):
                add_id(cs.get("ID"), rf)
                self.colorspaces[int(cs.get("ID"))] = cs.get("Type")
            for f in res.iter(q("Font")):
                add_id(f.get("ID"), rf)
                ff = f.find(q("FontFile"))
                file = self.resolve(base + "/x", ff.text) if ff is not None else None
                if file and file not in self.names:
                    self.fail(f"font file {file} is missing")
                self.fonts[int(f.get("ID"))] = {"el": f, "file": file, "cmap": None, "glyphs": 0}
            for m in res.iter(q("MultiMedia")):
                add_id(m.get("ID"), rf)
                file = self.resolve(base + "/x", m.find(q("MediaFile")).text)
                if file not in self.names:
                    self.fail(f"image {file} is missing")
                self.media[int(m.get("ID"))] = {"file": file, "format": m.get("Format"), "type": m.get("Type")}
        if self.default_cs is not None and int(self.default_cs.text) not in self.colorspaces:
            self.fail("DefaultCS names no colour space")
        if fonts:
            for fid, f in self.fonts.items():
                if not f["file"]:
                    continue
                data = self.raw(f["file"])
                if data[:4] == b"ttcf":
                    self.fail(f"{f['file']} is a font collection")
                    continue
                try:
                    fitz.Font(fontbuffer=data)  # FreeType (through MuPDF) loads it
                except Exception as e:  # noqa: BLE001
                    self.fail(f"{f['file']}: FreeType does not load it: {e}")
                try:
                    tt = TTFont(io.BytesIO(data), lazy=True)
                    f["cmap"] = tt.getBestCmap() or {}
                    f["glyphs"] = tt["maxp"].numGlyphs
                    f["kind"] = "CFF" if "CFF " in tt else "CFF2" if "CFF2" in tt else "TrueType"
                except Exception as e:  # noqa: BLE001
                    self.fail(f"{f['file']}: not a font fontTools reads: {e}")
        for p in self.pages:
            add_id(p["id"], "Document.xml Pages")
        self.objects = {}   # object ID → (page index, element)
        self.page_texts = []
        for k, p in enumerate(self.pages):
            if p["file"] not in self.names:
                self.fail(f"page file {p['file']} is missing")
                self.page_texts.append("")
                continue
            pg = self.tree(p["file"])
            area = pg.find(q("Area"))
            p["box"] = box(area.find(q("PhysicalBox")).text) if area is not None else self.page_area
            texts = []
            for layer in pg.iter(q("Layer")):
                add_id(layer.get("ID"), p["file"])
                for obj in layer:
                    add_id(obj.get("ID"), p["file"])
                    self.objects[int(obj.get("ID"))] = (k, obj)
                    self.check_object(p, obj, texts)
            self.page_texts.append("".join(texts))
        if ids and self.max_unit_id < max(ids):
            self.fail(f"MaxUnitID {self.max_unit_id} < the largest ID {max(ids)}")
        self.ids = ids
        if self.tags_file:
            self.read_tags()
        return self.failures

    def check_object(self, page, obj, texts):
        where = f"{page['file']} object {obj.get('ID')}"
        b = box(obj.get("Boundary"))
        pw, ph = page["box"][2], page["box"][3]
        if b[0] < -0.001 or b[1] < -0.001 or b[0] + b[2] > pw + 0.001 or b[1] + b[3] > ph + 0.001:
            self.fail(f"{where}: Boundary {b} leaves the page")
        tag = obj.tag[len(Q):]
        if tag == "TextObject":
            f = self.fonts.get(int(obj.get("Font")))
            if f is None:
                self.fail(f"{where}: Font {obj.get('Font')} is no font resource")
                return
            size = float(obj.get("Size"))
            hs = float(obj.get("HScale", "1"))
            ctm = obj.get("CTM")
            pending = []  # CGTransforms before the next TextCode
            for c in obj:
                ctag = c.tag[len(Q):]
                if ctag == "CGTransform":
                    pending.append(c)
                elif ctag == "TextCode":
                    text = c.text or ""
                    texts.append(text)
                    n = len(text)
                    dx = deltas(c.get("DeltaX", ""))
                    if n > 1 and len(dx) != n - 1:
                        self.fail(f"{where}: {n} characters, {len(dx)} DeltaX values")
                    x, y = float(c.get("X")), float(c.get("Y"))
                    xs = [x]
                    for d in dx[: max(0, n - 1)]:
                        xs.append(xs[-1] + d)
                    if not ctm:
                        # origin of each character inside the Boundary, its em box too
                        for cx in xs:
                            if cx < -0.002 or cx > b[2] + 0.002:
                                self.fail(f"{where}: a character at x {cx} outside the Boundary width {b[2]}")
                                break
                        if y - 0.8 * size < -0.01 or y + 0.1 * size > b[3] + 0.01:
                            self.fail(f"{where}: baseline {y} (size {size}) outside the Boundary height {b[3]}")
                    covered = set()
                    for t in pending:
                        pos, cnt = int(t.get("CodePosition")), int(t.get("CodeCount", "1"))
                        gc = int(t.get("GlyphCount", "1"))
                        gl = (t.findtext(q("Glyphs")) or "").split()
                        if len(gl) != gc:
                            self.fail(f"{where}: CGTransform with {gc} glyphs lists {len(gl)}")
                        if pos < 0 or pos + cnt > n:
                            self.fail(f"{where}: CGTransform {pos}+{cnt} outside a TextCode of {n}")
                        for g in gl:
                            if f["glyphs"] and int(g) >= f["glyphs"]:
                                self.fail(f"{where}: glyph {g} beyond the font's {f['glyphs']}")
                        covered.update(range(pos, pos + cnt))
                    pending = []
                    if f["cmap"] is not None:
                        for i, ch in enumerate(text):
                            if i not in covered and ord(ch) not in f["cmap"]:
                                self.fail(f"{where}: '{ch}' (U+{ord(ch):04X}) is not in {f['file']}'s cmap")
            if pending:
                self.fail(f"{where}: a CGTransform after the last TextCode")
            del hs
        elif tag == "PathObject":
            if obj.get("LineWidth") is None:
                self.fail(f"{where}: a path without LineWidth")
            if obj.find(q("AbbreviatedData")) is None:
                self.fail(f"{where}: a path without AbbreviatedData")
        elif tag == "ImageObject":
            if int(obj.get("ResourceID")) not in self.media:
                self.fail(f"{where}: ResourceID {obj.get('ResourceID')} is no image resource")
            if not obj.get("CTM"):
                self.fail(f"{where}: an image without CTM")

    def read_tags(self):
        """self.tags: [(field name, Name attribute, [(page ID, object ID)])] in file order."""
        self.tags = []
        if self.tags_file not in self.names:
            self.fail(f"{self.tags_file} is missing")
            return
        ct = self.tree(self.tags_file)
        for t in ct.findall(q("CustomTag")):
            if not t.get("NameSpace"):
                self.fail("a CustomTag without NameSpace")
            f = self.resolve(self.tags_file, t.find(q("FileLoc")).text)
            if f not in self.names:
                self.fail(f"tag file {f} is missing")
                continue
            root = ET.fromstring(self.raw(f))
            page_of_id = {p["id"]: k for k, p in enumerate(self.pages)}
            for field in root:
                refs = []
                for r in field.findall(q("ObjectRef")):
                    pid, oid = int(r.get("PageRef")), int(r.text)
                    refs.append((pid, oid))
                    if oid not in self.objects:
                        self.fail(f"tag {field.tag}: object {oid} does not exist")
                    elif page_of_id.get(pid) != self.objects[oid][0]:
                        self.fail(f"tag {field.tag}: object {oid} is not on page {pid}")
                self.tags.append((field.tag.split("}")[-1], field.get("Name"), refs))

    def object_text(self, oid):
        obj = self.objects[oid][1]
        return "".join(c.text or "" for c in obj.findall(q("TextCode")))

    # ---- schema ------------------------------------------------------------------------------
    def validate(self, xsd):
        """xmllint every part against its schema; returns the failures it found."""
        schema_of = [(r"^OFD\.xml$", "OFD.xsd"), (r"Document\.xml$", "Document.xsd"),
                     (r"(Public|Document)Res\.xml$", "Res.xsd"), (r"Content\.xml$", "Page.xsd"),
                     (r"CustomTags\.xml$", "CustomTags.xsd")]
        bad = []
        tmp = tempfile.mkdtemp(prefix="ofd-xsd-")
        try:
            for n in self.names:
                xsdf = next((x for pat, x in schema_of if re.search(pat, n)), None)
                if not xsdf:
                    continue
                path = os.path.join(tmp, n.replace("/", "_"))
                with open(path, "wb") as fh:
                    fh.write(self.raw(n))
                r = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(xsd, xsdf), path],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    bad.append(f"{n} does not validate against {xsdf}: {r.stderr.strip()[:400]}")
        finally:
            shutil.rmtree(tmp)
        return bad
