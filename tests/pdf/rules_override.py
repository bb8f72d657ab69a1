"""A copy of layouts/gbt9704.ini with some keys changed, for tests that show a check fails
when its rule is broken (`--set SECTION.KEY=VALUE`). Made from the current rules file each
time, so it never misses a key added later."""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "..", "layouts", "gbt9704.ini")


def override(sets, base=None):
    """Returns the text of base (default layouts/gbt9704.ini) with each 'section.key=value' of
    sets applied; a key's indented continuation lines go with its old value."""
    with open(base or RULES, encoding="utf-8") as f:
        ini = f.read()
    for kv in sets:
        key, value = kv.split("=", 1)
        section, name = key.split(".", 1)
        head = ini.index("[" + section + "]")
        pat = r"(?m)^(" + re.escape(name) + r"\s*=\s*)[^;\n]*?(\s*(;[^\n]*)?)\n((?:[ \t]+[^\n]*\n)*)"
        rest, n = re.subn(pat, lambda m: m.group(1) + value + m.group(2) + "\n", ini[head:], count=1)
        if n == 0:
            raise SystemExit(f"--set {kv}: no such key")
        ini = ini[:head] + rest
    return ini


def write_override(sets, path, base=None):
    with open(path, "w", encoding="utf-8") as f:
        f.write(override(sets, base))
    return path


FORMAT_FILES = {"文件": "gbt9704.ini", "信函": "letter.ini", "命令": "order.ini", "纪要": "minutes.ini"}


def override_for(sets, fmt):
    """The rules file of a 版式 (layouts/letter.ini for a 信函 …) as one file to pass with
    --layout: its base named by absolute path, each 'section.key=value' of sets replacing the
    key where the file has it, else added after it (the later value wins)."""
    name = FORMAT_FILES.get(fmt, "gbt9704.ini")
    if name == "gbt9704.ini":
        return override(sets)
    path = os.path.join(os.path.dirname(RULES), name)
    with open(path, encoding="utf-8") as f:
        ini = f.read()
    ini = re.sub(r"(?m)^(base\s*=\s*)(\S+)", lambda m: m.group(1) + os.path.join(os.path.dirname(RULES), m.group(2)), ini)
    for kv in sets:
        key, value = kv.split("=", 1)
        section, name_ = key.split(".", 1)
        if "[" + section + "]" in ini:
            head = ini.index("[" + section + "]")
            pat = r"(?m)^(" + re.escape(name_) + r"\s*=\s*)[^;\n]*?(\s*(;[^\n]*)?)\n((?:[ \t]+[^\n]*\n)*)"
            rest, n = re.subn(pat, lambda m: m.group(1) + value + m.group(2) + "\n", ini[head:], count=1)
            if n:
                ini = ini[:head] + rest
                continue
        ini += f"\n[{section}]\n{name_} = {value}\n"
    return ini
