#!/bin/sh
# tests/fuzz/run.sh [SECONDS]: builds the libFuzzer targets (clang, AddressSanitizer and
# UndefinedBehaviorSanitizer) in build-fuzz/ and runs each for SECONDS (default 60), seeded from
# examples/, tests/inputs/, tests/pdf/inputs/ and the regression corpus, with the dictionary
# gongwen.dict. An input that takes more than 10 s counts as a crash (a return to quadratic
# time). A crash leaves its input in build-fuzz/artifacts/: add it to
# tests/fuzz/regressions/TARGET/ once fixed, so every build replays it. Exit status 0 when no
# target crashed. Last line: `fuzz: N passed, N failed`.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
dir=build-fuzz
if [ ! -f "$dir/build.ninja" ]; then
    CC=clang meson setup "$dir" --buildtype=debugoptimized -Dfuzzing=true \
        -Db_sanitize=address,undefined -Db_lundef=false >"$dir.setup.log" 2>&1 ||
        { cat "$dir.setup.log"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
    rm -f "$dir.setup.log"
fi
ninja -C "$dir" tests/fuzz/fuzz_reader tests/fuzz/fuzz_render >/dev/null ||
    { ninja -C "$dir" tests/fuzz/fuzz_reader tests/fuzz/fuzz_render; echo "fuzz: 0 passed, 1 failed"; exit 1; }
export ASAN_OPTIONS="detect_leaks=1:suppressions=$(pwd)/tests/lsan.supp"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
passed=0
failed=0
mkdir -p "$dir/artifacts"
for t in reader render; do
    corpus="$dir/corpus-$t"   # fresh each run: the seeds and the regressions only
    rm -rf "$corpus"
    mkdir -p "$corpus"
    cp examples/*.txt tests/inputs/*.txt tests/pdf/inputs/*.txt "$corpus/" 2>/dev/null
    cp tests/fuzz/regressions/$t/* "$corpus/" 2>/dev/null
    log="$dir/fuzz-$t.log"
    if "$dir/tests/fuzz/fuzz_$t" "$corpus" -dict=tests/fuzz/gongwen.dict \
            -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
            -artifact_prefix="$dir/artifacts/$t-" -print_final_stats=1 >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
        echo "fuzz $t: ${runs:-?} inputs in $secs s, no crash"
        passed=$((passed + 1))
    else
        tail -40 "$log"
        echo "fuzz $t: FAILED (input in $dir/artifacts/)"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
