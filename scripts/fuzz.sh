#!/usr/bin/env bash
# Runs the libFuzzer harnesses (tests/fuzz) for as long as asked, for a developer
# before a release:
#   scripts/fuzz.sh scenario|session|expression|all MINUTES [libFuzzer flags…]
# "all" runs the three at once (niced), each with -jobs=1. New corpus entries and
# findings go outside the repository, to $INTERLEAVE_FUZZ_DIR (default
# ~/.cache/interleave-fuzz): a later run goes on from there. Builds build-fuzz
# (clang-14, INTERLEAVE_FUZZ=ON) first if needed. Exits 1 if any harness found something.
# A harness stops at its first finding; INTERLEAVE_FUZZ_KEEP_GOING=1 records each finding
# and goes on (libFuzzer's fork mode) until the time is up.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
    echo "usage: scripts/fuzz.sh scenario|session|expression|all MINUTES [libFuzzer flags…]" >&2
    exit 2
fi
target=$1 minutes=$2
shift 2
case "$target" in
all) harnesses=(scenario session expression challenge) ;;
scenario|session|expression|challenge) harnesses=("$target") ;;
*) echo "scripts/fuzz.sh: unknown harness '$target' (scenario, session, expression, challenge or all)" >&2; exit 2 ;;
esac

build=$(realpath -m "${INTERLEAVE_FUZZ_BUILD:-build-fuzz}")
out=$(realpath -m "${INTERLEAVE_FUZZ_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/interleave-fuzz}")
if [ ! -f "$build/build.ninja" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 -DINTERLEAVE_FUZZ=ON
fi
cmake --build "$build" --target "${harnesses[@]/#/fuzz_}"

# The same inputs and limits as the CTest runs (tests/fuzz/CMakeLists.txt).
max_len() { case $1 in session) echo 262144 ;; *) echo 65536 ;; esac; }
seeds() {
    echo "$root/tests/fuzz/corpus/$1" "$build/tests/fuzz/generated-seeds/$1"
    [ "$1" != scenario ] || echo "$root/resources/scenarios"
    [ "$1" != challenge ] || echo "$root/resources/challenges"
}

# -timeout=30: niced on a busy machine, inputs that take 0.7 s alone took over 10 s.
mode=(-jobs=1)
[ "${INTERLEAVE_FUZZ_KEEP_GOING:-0}" = 0 ] || mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
pids=()
for h in "${harnesses[@]}"; do
    mkdir -p "$out/corpus/$h" "$out/findings/$h"
    # -jobs=1 keeps going in a child process and writes its log to fuzz-0.log in the current directory.
    (cd "$out/findings/$h" && exec nice -n 10 env QT_HASH_SEED=0 LC_ALL=C.UTF-8 LANGUAGE= \
        "$build/tests/fuzz/fuzz_$h" "${mode[@]}" -max_total_time=$((minutes * 60)) -timeout=30 \
        -rss_limit_mb=2048 -max_len="$(max_len "$h")" -dict="$root/tests/fuzz/$h.dict" -print_final_stats=1 \
        -artifact_prefix="$out/findings/$h/" "$out/corpus/$h" $(seeds "$h") "$@" \
        > "$out/findings/$h/driver.log" 2>&1) &
    pids+=($!)
    echo "fuzz_$h: running for $minutes min; log in $out/findings/$h"
done
for pid in "${pids[@]}"; do wait "$pid" || true; done

status=0
for h in "${harnesses[@]}"; do
    log="$out/findings/$h/fuzz-0.log"
    [ -f "$log" ] || log="$out/findings/$h/driver.log"   # fork mode logs there
    stats=$(grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" | tr '\n' ' ') || true
    last=$(grep -E '^#[0-9]+:?[[:space:]].*cov:' "$log" | tail -1 | grep -oE '^#[0-9]+|(cov|ft|corp): [0-9]+(/[0-9a-zA-Z]+)?' | tr '\n' ' ' || true)
    findings=$(find "$out/findings/$h" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'timeout-*' -o -maxdepth 1 -name 'oom-*' -o -maxdepth 1 -name 'leak-*' | wc -l)
    echo "fuzz_$h: runs ${last:-none}; $stats; findings: $findings"
    [ "$findings" -eq 0 ] || { status=1; find "$out/findings/$h" -maxdepth 1 -name '*-*' ! -name '*.log' | sed 's/^/    /'; }
done
exit $status
