#!/bin/sh
# static_lib.sh OUT.a IN.a: the installed libgongwen.a. Every object of IN.a (the library built
# with hidden visibility) linked into one (ld -r) whose hidden symbols are then made local
# (objcopy --localize-hidden): a program linking it statically sees only gongwen_*, as one
# linking the .so does, and none of the stages' names (gw_*, rd_*, lay_*) to clash with its own.
set -eu
out=$1
in=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ld -r --whole-archive "$in" -o "$tmp/gongwen.o"
objcopy --localize-hidden "$tmp/gongwen.o"
rm -f "$out"
ar rcs "$out" "$tmp/gongwen.o"
