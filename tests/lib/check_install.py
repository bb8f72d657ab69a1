#!/usr/bin/env python3
"""check_install.py BUILD SOURCE: gongwen as a system package (issue 12).

Installs the build into a DESTDIR outside the build folder (`meson install --destdir`), lists
what went where, then, using only what was installed:
  - the files: binary, libgongwen.so.N (a soname) and .a, the headers, gongwen.pc, the layouts
    and fonts configuration (fonts.conf naming the Fandol folder, no @…@ left), gongwen(1),
    the bash completion, LICENSE;
  - doc/examples/render.c and render.cpp built with nothing but
    `pkg-config --cflags --libs gongwen` (PKG_CONFIG_PATH and PKG_CONFIG_SYSROOT_DIR to the
    DESTDIR), and render.c again against libgongwen.a (`pkg-config --static`);
  - each renders the sample from memory, from `/`, to the same bytes as the installed CLI run
    from `/`, which reads the installed data (its --version names the DESTDIR's data folder);
  - Python through ctypes (doc/examples/render.py) and Java through the CLI on standard input
    and output (doc/examples/Render.java) give the same bytes too;
  - `man gongwen` shows the page; bash completes the commands and each command's options.
Exit status 0 when everything holds."""
import os
import shutil
import subprocess
import sys
import tempfile

build, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return cond


def run(cmd, **kw):
    kw.setdefault("capture_output", True)
    return subprocess.run(cmd, **kw)


def meson_prefix():
    r = run(["meson", "introspect", "--buildoptions", build])
    import json
    opts = {o["name"]: o["value"] for o in json.loads(r.stdout)}
    return opts["prefix"], opts["libdir"], opts["datadir"], opts["mandir"], opts["includedir"], opts["bindir"]


tmp = tempfile.mkdtemp(prefix="gongwen-install-")
dest = os.path.join(tmp, "root")
try:
    r = run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild", "--quiet"])
    if not check(r.returncode == 0, "meson install --destdir"):
        print(r.stdout.decode(), r.stderr.decode())
        sys.exit(1)
    prefix, libdir, datadir, mandir, includedir, bindir = meson_prefix()
    P = lambda *p: os.path.join(dest + prefix, *p)  # noqa: E731
    print("installed tree:")
    for root, dirs, files in sorted(os.walk(dest)):
        for f in sorted(files):
            p = os.path.join(root, f)
            link = f" -> {os.readlink(p)}" if os.path.islink(p) else ""
            print("  " + os.path.relpath(p, dest) + link)

    lib = P(libdir)
    so = [f for f in os.listdir(lib) if f.startswith("libgongwen.so.") and f.count(".") == 2]
    check(len(so) == 1 and os.path.islink(os.path.join(lib, so[0])), "libgongwen.so.N (the soname link)")
    soname = run(["objdump", "-p", os.path.join(lib, "libgongwen.so")]).stdout.decode()
    check("SONAME               libgongwen.so.0" in soname, "the soname is libgongwen.so.0")
    for f in ["libgongwen.so", "libgongwen.a", "pkgconfig/gongwen.pc"]:
        check(os.path.exists(os.path.join(lib, f)), f"{libdir}/{f}")
    for f in [os.path.join(bindir, "gongwen"), os.path.join(includedir, "gongwen/gongwen.h"),
              os.path.join(includedir, "gongwen/gongwen_version.h"),
              os.path.join(datadir, "gongwen/layouts/gbt9704.ini"),
              os.path.join(datadir, "gongwen/fonts/roles.ini"),
              os.path.join(datadir, "gongwen/fonts/fonts.conf"),
              os.path.join(mandir, "man1/gongwen.1"),
              os.path.join(datadir, "bash-completion/completions/gongwen"),
              os.path.join(datadir, "doc/gongwen/LICENSE")]:
        check(os.path.exists(P(f)), f)
    conf = open(P(datadir, "gongwen/fonts/fonts.conf"), encoding="utf-8").read()
    check("@" not in conf and "/fonts/fandol</dir>" in conf, "fonts.conf names the Fandol folder")
    check("MIT" in open(P(datadir, "doc/gongwen/LICENSE")).read(), "LICENSE is the MIT licence meson declares")

    env = dict(os.environ)
    env.pop("GONGWEN_DATADIR", None)
    env["PKG_CONFIG_PATH"] = P(libdir, "pkgconfig")
    env["PKG_CONFIG_SYSROOT_DIR"] = dest
    env["LD_LIBRARY_PATH"] = lib  # (ldconfig would do it for a real install)
    cflags = run(["pkg-config", "--cflags", "gongwen"], env=env).stdout.decode().split()
    libs = run(["pkg-config", "--libs", "gongwen"], env=env).stdout.decode().split()
    check(bool(libs) and "-lgongwen" in libs, "pkg-config --cflags --libs gongwen: " + " ".join(cflags + libs))
    ex = os.path.join(src, "doc", "examples")
    bins = os.path.join(tmp, "bin")
    os.makedirs(bins)
    cc = run(["cc", "-std=c17", "-Wall", "-Wextra", "-Werror", os.path.join(ex, "render.c"),
              *cflags, *libs, "-o", os.path.join(bins, "render")], env=env)
    check(cc.returncode == 0, "render.c built with pkg-config only") or print(cc.stderr.decode())
    cxx = run(["c++", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-pthread", os.path.join(ex, "render.cpp"),
               *cflags, *libs, "-o", os.path.join(bins, "render-cpp")], env=env)
    check(cxx.returncode == 0, "render.cpp built with pkg-config only") or print(cxx.stderr.decode())
    globs = run(["nm", "-g", "--defined-only", P(libdir, "libgongwen.a")]).stdout.decode().split("\n")
    names = [line.split()[-1] for line in globs if line.strip() and not line.endswith(":")]
    check(names and all(n.startswith("gongwen_") for n in names),
          f"libgongwen.a defines only gongwen_* globally ({len(names)} symbols)")
    static_libs = run(["pkg-config", "--static", "--libs", "gongwen"], env=env).stdout.decode().split()
    st = run(["cc", "-std=c17", os.path.join(ex, "render.c"), *cflags, P(libdir, "libgongwen.a"),
              *[f for f in static_libs if f != "-lgongwen"], "-o", os.path.join(bins, "render-static")],
             env=env)
    check(st.returncode == 0, "render.c linked with libgongwen.a (pkg-config --static)") or print(st.stderr.decode())

    sample = os.path.join(src, "examples", "quanzhou-kjj-2021-172.txt")
    out = os.path.join(tmp, "out")
    os.makedirs(out)
    gw = P(bindir, "gongwen")
    v = run([gw, "--version"], env=env, cwd="/")
    data = os.path.realpath(P(datadir, "gongwen"))
    check(v.returncode == 0 and f"data {data}".encode() in v.stdout,
          "the installed gongwen, run from /, reads the installed data: " + v.stdout.decode().strip().replace("\n", "; "))
    r = run([gw, "render", "-q", sample, "-o", os.path.join(out, "cli.pdf")], env=env, cwd="/")
    check(r.returncode == 0, "the installed gongwen renders the sample from /") or print(r.stderr.decode())
    cli = open(os.path.join(out, "cli.pdf"), "rb").read() if r.returncode == 0 else b""

    def same(name, cmd, path, **kw):
        r = run(cmd, env=env, cwd="/", **kw)
        ok = r.returncode == 0 and os.path.exists(path) and open(path, "rb").read() == cli
        check(ok, f"{name}: the sample from memory, the same bytes as the CLI ({len(cli)})")
        if not ok:
            print(r.stdout.decode(), r.stderr.decode())
        else:
            print("     " + r.stdout.decode().strip().splitlines()[-1])
        return r

    r = same("C", [os.path.join(bins, "render"), sample, os.path.join(out, "c.pdf")], os.path.join(out, "c.pdf"))
    check(f"data {data}".encode() in r.stdout, "the C program's engine reads the installed data")
    same("C++ (two threads, one engine)", [os.path.join(bins, "render-cpp"), sample, os.path.join(out, "cpp.pdf")],
         os.path.join(out, "cpp.pdf"))
    # a static program has no library file to find the data beside: the prefix's, or
    # GONGWEN_DATADIR (here: the DESTDIR's, not at the prefix)
    env_static = dict(env, GONGWEN_DATADIR=P(datadir, "gongwen"))
    r = run([os.path.join(bins, "render-static"), sample, os.path.join(out, "static.pdf")], env=env_static, cwd="/")
    check(r.returncode == 0 and open(os.path.join(out, "static.pdf"), "rb").read() == cli,
          "C, static, GONGWEN_DATADIR: the same bytes as the CLI") or print(r.stderr.decode())
    same("Python (ctypes)", ["/usr/bin/python3", os.path.join(ex, "render.py"), sample, os.path.join(out, "py.pdf"),
                             os.path.join(lib, "libgongwen.so.0")], os.path.join(out, "py.pdf"))
    java = shutil.which("java")
    if check(java is not None, "java is installed (setup.sh)"):
        same("Java (the CLI on standard input and output)",
             [java, os.path.join(ex, "Render.java"), sample, os.path.join(out, "java.pdf"), gw],
             os.path.join(out, "java.pdf"))

    # man gongwen
    menv = dict(env, MANPATH=P(mandir), MANWIDTH="80")
    menv.pop("MAN_KEEP_FORMATTING", None)
    m = run(["man", "-P", "cat", "gongwen"], env=menv)
    import re
    page = re.sub(".\b", "", m.stdout.decode(errors="replace"))  # overstrike bold and underline
    page = page.replace("\u2010", "-").replace("\u2212", "-")
    check(m.returncode == 0 and "NAME" in page and "gongwen - typeset Chinese official documents" in page
          and "--max-memory" in page, "man gongwen shows the page") or print(m.returncode, m.stderr.decode(), page[:300])

    # bash completion
    comp = P(datadir, "bash-completion/completions/gongwen")

    def complete(words):
        script = (f"source '{comp}'; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1)); "
                  "_gongwen; printf '%s\\n' \"${COMPREPLY[@]}\"")
        return run(["bash", "-c", script], cwd=os.path.join(src, "examples")).stdout.decode().split()

    check(complete("gongwen re") == ["render"], "completion: gongwen re → render")
    check(set(complete("gongwen ''")) >= {"render", "dump", "fonts", "check", "proof", "help"},
          "completion: every command")
    check(complete("gongwen render --max-") == ["--max-input-size", "--max-memory"],
          "completion: render --max- → --max-input-size --max-memory")
    check(complete("gongwen render x.txt --format ''") == ["pdf", "ofd", "pdf,ofd"],
          "completion: --format's values")
    check(complete("gongwen check --d") == ["--diagnostics"], "completion: check --d → --diagnostics")
    check("onepage-notice.txt" in complete("gongwen render one"), "completion: documents")
    check(complete("gongwen proof --upd") == ["--update-references"], "completion: proof's options")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
