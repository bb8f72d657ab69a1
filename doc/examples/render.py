#!/usr/bin/env python3
"""render.py: libgongwen from Python through ctypes (the standard library: no binding to build).
Renders a 公文 text file from memory to PDF.

    python3 render.py notice.txt notice.pdf [path/to/libgongwen.so.0]
"""
import ctypes
import ctypes.util
import sys

GONGWEN_OK = 0


def load(path=None):
    lib = ctypes.CDLL(path or ctypes.util.find_library("gongwen") or "libgongwen.so.0")
    lib.gongwen_version.restype = ctypes.c_char_p
    lib.gongwen_status_string.restype = ctypes.c_char_p
    lib.gongwen_diagnostics_new.restype = ctypes.c_void_p
    lib.gongwen_diagnostics_free.argtypes = [ctypes.c_void_p]
    lib.gongwen_diagnostics_format.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint,
                                               ctypes.POINTER(ctypes.c_void_p)]
    lib.gongwen_engine_new.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                       ctypes.c_void_p]
    lib.gongwen_engine_free.argtypes = [ctypes.c_void_p]
    lib.gongwen_render.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t,
                                   ctypes.c_char_p, ctypes.c_void_p,
                                   ctypes.POINTER(ctypes.c_void_p),
                                   ctypes.POINTER(ctypes.c_size_t), ctypes.c_void_p]
    lib.gongwen_free.argtypes = [ctypes.c_void_p]
    return lib


def messages(lib, diags, min_severity=0):
    """The messages as text, one a line (JSON lines with flags=2)."""
    out = ctypes.c_void_p()
    lib.gongwen_diagnostics_format(diags, min_severity, 0, ctypes.byref(out))
    text = ctypes.string_at(out).decode() if out.value else ""
    lib.gongwen_free(out)
    return text


class Engine:
    """Fonts and rules, loaded once; render() may be called from many threads."""

    def __init__(self, lib):
        self.lib = lib
        self.ptr = ctypes.c_void_p()
        d = lib.gongwen_diagnostics_new()
        status = lib.gongwen_engine_new(None, ctypes.byref(self.ptr), d)
        why = messages(lib, d)
        lib.gongwen_diagnostics_free(d)
        if status != GONGWEN_OK:
            raise RuntimeError(why)

    def render(self, text: bytes, name: str) -> bytes:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        d = self.lib.gongwen_diagnostics_new()
        try:
            status = self.lib.gongwen_render(self.ptr, text, len(text), name.encode(), None,
                                             ctypes.byref(out), ctypes.byref(n), d)
            if status != GONGWEN_OK:
                raise RuntimeError(self.lib.gongwen_status_string(status).decode() + "\n" +
                                   messages(self.lib, d, 2))
            pdf = ctypes.string_at(out, n.value)
            self.lib.gongwen_free(out)
            return pdf
        finally:
            self.lib.gongwen_diagnostics_free(d)

    def close(self):
        self.lib.gongwen_engine_free(self.ptr)
        self.ptr = None


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: render.py IN.txt OUT.pdf [libgongwen.so.0]")
    lib = load(sys.argv[3] if len(sys.argv) == 4 else None)
    engine = Engine(lib)
    with open(sys.argv[1], "rb") as f:
        pdf = engine.render(f.read(), sys.argv[1])
    with open(sys.argv[2], "wb") as f:
        f.write(pdf)
    engine.close()
    print(f"{sys.argv[2]}: {len(pdf)} bytes of PDF (gongwen {lib.gongwen_version().decode()})")


if __name__ == "__main__":
    main()
