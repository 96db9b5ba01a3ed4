#!/usr/bin/env bash
# Fails when a translation is stale or incomplete, so that CI catches a new
# tr() string nobody translated. Runs lupdate over the same sources and with
# the same options as the build's update_translations target, into copies of
# translations/*.ts, and compares; then looks for unfinished messages.
#   check-translations.sh LUPDATE PROJECT.cmake GenerateLUpdateProject.cmake [LUPDATE OPTIONS...]
# (CTest passes these; see translations/CMakeLists.txt.) Fix with scripts/update-translations.sh.
set -euo pipefail
lupdate=$1 project_cmake=$2 generator=$3
shift 3
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake -DIN_FILE="$project_cmake" -DOUT_FILE="$tmp/project.json" -P "$generator"
# The built-in scenarios' texts are extracted at build time; without them every
# one of them would look vanished.
if ! grep -q 'scenario_texts.cpp' "$tmp/project.json"; then
    echo "translations: the extracted scenario texts are missing; build the project first (cmake --build)."
    exit 1
fi
ts_files=(translations/*.ts)
copies=()
for ts in "${ts_files[@]}"; do
    cp "$ts" "$tmp/"
    copies+=("$tmp/$(basename "$ts")")
done
"$lupdate" -silent -project "$tmp/project.json" "$@" -ts "${copies[@]}" 2>"$tmp/lupdate.log" || {
    cat "$tmp/lupdate.log" >&2
    exit 1
}

status=0
for ts in "${ts_files[@]}"; do
    if ! cmp -s "$ts" "$tmp/$(basename "$ts")"; then
        echo "$ts is stale: the sources have strings it lacks or it has strings they no longer use:"
        diff -u "$ts" "$tmp/$(basename "$ts")" | grep -E '^[-+] *<source>' | head -20 || true
        status=1
    fi
    unfinished=$(grep -c 'type="unfinished"' "$ts" || true)
    vanished=$(grep -cE 'type="(vanished|obsolete)"' "$ts" || true)
    if [ "$unfinished" -gt 0 ] || [ "$vanished" -gt 0 ]; then
        echo "$ts has $unfinished unfinished and $vanished vanished message(s)."
        status=1
    fi
done
if [ $status -ne 0 ]; then
    echo "Run scripts/update-translations.sh, translate what it reports, and commit translations/*.ts."
else
    echo "translations: ${#ts_files[@]} catalogue(s) complete and current"
fi
exit $status
