#!/usr/bin/env bash
# Writes the OPTIONS section of interleave-cli's man page as a help2man include file, from the
# program's own --help for each verb, so that the page cannot drift from the program.
#   verb-options.sh INTERLEAVE-CLI > options.h2m
# Options every verb takes are listed once; each verb then lists only its own.
set -euo pipefail
cli=$1

# The verbs, from the "Verbs:" block of the top-level help ("  name   summary").
mapfile -t verbs < <("$cli" --help | awk '/^Verbs:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
[ ${#verbs[@]} -gt 0 ] || { echo "verb-options.sh: no verbs in $cli --help" >&2; exit 1; }

# One line per option of a verb's help: "SPEC<TAB>TEXT", continuation lines joined.
options() {
    "$cli" "$1" --help | awk '
        /^Options:/ { on = 1; next }
        on && (/^$/ || /^[A-Za-z]/) { on = 0 }
        !on { next }
        /^  -/ {
            if (spec != "") print spec "\t" text
            line = substr($0, 3)
            split_at = match(line, /  +/)
            spec = split_at ? substr(line, 1, split_at - 1) : line
            text = split_at ? substr(line, split_at + RLENGTH) : ""
            next
        }
        { sub(/^ +/, ""); text = text " " $0 }
        END { if (spec != "") print spec "\t" text }'
}

# roff: backslashes shown as such, option names bold with real minus signs, arguments italic.
roff_text() { sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/'; }
roff_entry() {
    local spec=$1 text=$2
    spec=$(printf '%s' "$spec" | sed -e 's/\\/\\e/g' -e 's/-/\\-/g' \
        -e 's/\(\\-[^ ,<]*\)/\\fB\1\\fR/g' -e 's/<\([^>]*\)>/\\fI\1\\fR/g')
    printf '.TP\n%s\n' "$spec"
    printf '%s\n' "$text" | roff_text
}

declare -A count=()
declare -A text_of=()
declare -A verb_specs=()
for verb in "${verbs[@]}"; do
    while IFS=$'\t' read -r spec text; do
        count[$spec]=$(( ${count[$spec]:-0} + 1 ))
        text_of[$spec]=$text
        verb_specs[$verb]+="$spec"$'\n'
    done < <(options "$verb")
done

echo '[OPTIONS]'
echo '.SS "Options every verb takes"'
# In the order the first verb lists them.
while IFS= read -r spec; do
    if [ -n "$spec" ] && [ "${count[$spec]}" -eq ${#verbs[@]} ]; then
        roff_entry "$spec" "${text_of[$spec]}"
    fi
done <<< "${verb_specs[${verbs[0]}]}"
for verb in "${verbs[@]}"; do
    own=0
    while IFS= read -r spec; do
        if [ -n "$spec" ] && [ "${count[$spec]}" -lt ${#verbs[@]} ]; then own=1; fi
    done <<< "${verb_specs[$verb]}"
    [ $own -eq 1 ] || continue
    printf '.SS "%s options"\n' "$verb"
    # Each with the verb's own text: --schedule means something different to step and export.
    while IFS=$'\t' read -r spec text; do
        if [ "${count[$spec]}" -lt ${#verbs[@]} ]; then roff_entry "$spec" "$text"; fi
    done < <(options "$verb")
done
