#!/bin/sh
# setup.sh: install everything gongwen needs to build, run and test on Debian 12, then
# (with --build) configure and build it. Idempotent: a second run does no network work and
# takes a few seconds. Run as root, or as a user with sudo.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# Build, run and test dependencies (Debian package names).
PKGS="gcc pkg-config meson ninja-build
      libhpdf-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libicu-dev libinih-dev
      libzip-dev libpng-dev libjansson-dev libjpeg-dev
      libcmocka-dev chromium
      poppler-utils qpdf python3 python3-fitz python3-fonttools python3-numpy python3-scipy
      valgrind libxml2-utils clang libclang-rt-14-dev
      scdoc g++ binutils man-db openjdk-17-jdk-headless
      fonts-noto-cjk fonts-noto-cjk-extra fonts-liberation fonts-arphic-ukai"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# FandolFang is the only free simplified 仿宋; Debian ships it only inside texlive-lang-chinese.
# Extract the Fandol faces without installing TeX, into the folder fonts/fonts.conf names: meson's
# -Dfandol_dir, by default PREFIX/share/gongwen/fonts/fandol (GONGWEN_FANDOL_DIR: another one).
FANDOL=${GONGWEN_FANDOL_DIR:-/usr/local/share/gongwen/fonts/fandol}
if [ ! -f "$FANDOL/FandolFang-Regular.otf" ]; then
    echo "setup: extracting the Fandol fonts into $FANDOL"
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null 2>&1) || {
        $SUDO apt-get update -qq
        (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null)
    }
    dpkg-deb -x "$tmp"/texlive-lang-chinese_*.deb "$tmp/x"
    $SUDO mkdir -p "$FANDOL"
    $SUDO cp "$tmp"/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol*.otf "$FANDOL/"
    rm -rf "$tmp"
    $SUDO fc-cache -f "$FANDOL" >/dev/null 2>&1 || true
fi

# ofd.js 0.2.6 (Apache-2.0): the OFD reader the tests render every example with, in headless
# Chromium. Only its self-contained UMD build is needed: npm fetches the package, nothing is
# installed into a project. (1.x needs a vendor licence key and refuses every file.)
OFDJS=/usr/local/share/gongwen/ofdjs
if [ ! -f "$OFDJS/ofd.umd.js" ]; then
    echo "setup: installing ofd.js 0.2.6 into $OFDJS"
    if ! command -v npm >/dev/null 2>&1; then
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
    fi
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent ofd.js@0.2.6 >/dev/null 2>&1)
    tar -xzf "$tmp"/ofd.js-0.2.6.tgz -C "$tmp"
    $SUDO mkdir -p "$OFDJS"
    $SUDO cp "$tmp/package/lib/ofd.umd.js" "$tmp/package/LICENSE" "$OFDJS/"
    rm -rf "$tmp"
fi

if [ "${1:-}" = "--build" ]; then
    cd "$here"
    [ -f build/build.ninja ] || meson setup build --buildtype=release >/dev/null
    ninja -C build >/dev/null
    echo "setup: built build/gongwen"
fi
