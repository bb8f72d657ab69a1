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
      libpng-dev libjpeg-dev
      libcmocka-dev
      poppler-utils qpdf python3 python3-fitz python3-fonttools python3-numpy python3-scipy
      valgrind
      fonts-noto-cjk fonts-liberation fonts-arphic-ukai"

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
# Extract the Fandol faces without installing TeX, into the folder fonts/fonts.conf names.
FANDOL=/usr/local/share/gongwen/fonts/fandol
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

if [ "${1:-}" = "--build" ]; then
    cd "$here"
    [ -f build/build.ninja ] || meson setup build --buildtype=release >/dev/null
    ninja -C build >/dev/null
    echo "setup: built build/gongwen"
fi
