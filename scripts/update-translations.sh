#!/usr/bin/env bash
# Refreshes translations/*.ts from the sources (new tr() strings appear as
# unfinished, removed ones are dropped) and lists what is left to translate.
# Rerun it whenever strings change; then translate in Qt Linguist
# (linguist translations/interleave_de.ts) or by editing the .ts, and commit.
#   scripts/update-translations.sh [BUILD_DIR]     (default: $INTERLEAVE_BUILD_DIR or build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-${INTERLEAVE_BUILD_DIR:-build}}
if [ ! -f "$build_dir/build.ninja" ] && [ ! -f "$build_dir/Makefile" ]; then
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
# Reconfigure so that sources added since the last configure are scanned too.
cmake "$build_dir" >/dev/null
cmake --build "$build_dir" --target update_translations
for ts in translations/*.ts; do
    echo "$ts: $(grep -c 'type="unfinished"' "$ts" || true) unfinished"
done
