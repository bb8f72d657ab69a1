"""pdfread.py: the fonts of a PDF as the tests read them back (PyMuPDF), shared by
tests/pdf/check_outlines.py and tests/pdfbackend/check.py."""
import re


def type0_fonts(doc):
    """font name (no subset tag, no -Identity-H) -> xref of its Type0 font dictionary"""
    out = {}
    for x in range(1, doc.xref_length()):
        if doc.xref_get_key(x, "Subtype")[1] != "/Type0":
            continue
        name = doc.xref_get_key(x, "BaseFont")[1].lstrip("/")
        out[re.sub(r"^[A-Z]{6}\+", "", name).removesuffix("-Identity-H")] = x
    return out


def tounicode(doc, type0):
    """{text: the first CID that stands for it} from the ToUnicode CMap of a Type0 font"""
    cmap = doc.xref_stream(int(doc.xref_get_key(type0, "ToUnicode")[1].split()[0])).decode("latin-1")
    m = {}

    def text(h):
        return bytes.fromhex(h).decode("utf-16-be")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-F]+)>\s*<([0-9A-F]*)>", block):
            m.setdefault(text(dst), int(src, 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-F]+)>\s*<([0-9A-F]+)>\s*<([0-9A-F]+)>", block):
            for k in range(int(lo, 16), int(hi, 16) + 1):
                m.setdefault(chr(int(dst, 16) + k - int(lo, 16)), k)
    return m
