#!/usr/bin/env bash
# Lists C++ functions longer than a limit and files longer than a limit, longest first,
# so that "no function over ~80 lines, no file over ~600" can be checked, not guessed.
#   scripts/long-functions.sh                      core/ and app/, 80 and 600 lines
#   scripts/long-functions.sh app/cli core/trace   only these folders
#   FUNCTION_LINES=60 FILE_LINES=400 scripts/long-functions.sh
# Needs only bash and awk. A function is counted from the line its signature starts on to its
# closing brace, lambdas and local classes included (they are part of what a reader has to hold).
# The parser is a brace counter that skips comments, strings and character literals: good enough
# for this tree's formatting, not a C++ front end.
set -euo pipefail
cd "$(dirname "$0")/.."

function_lines=${FUNCTION_LINES:-80}
file_lines=${FILE_LINES:-600}
[ $# -gt 0 ] || set -- core app

mapfile -t files < <(find "$@" -type f \( -name '*.cpp' -o -name '*.h' \) | sort)
[ ${#files[@]} -gt 0 ] || { echo "long-functions: no C++ files under $*" >&2; exit 1; }

echo "Functions over $function_lines lines:"
awk -v limit="$function_lines" '
function trim(s) { gsub(/^[ \t\r\n]+|[ \t\r\n]+$/, "", s); return s }
# What a "{" opens, judged from the text since the last ";", "{" or "}".
function opens(header,    h, p) {
    h = trim(header)
    while (h ~ /^template[ \t]*</) sub(/^template[ \t]*<[^>]*>[ \t]*/, "", h)
    if (h ~ /^(namespace|extern)([^A-Za-z0-9_]|$)/) return "scope"
    if (h ~ /^((typedef|inline|static|constexpr)[ \t]+)*(class|struct|union)([^A-Za-z0-9_(]|$)/) return "scope"
    if (h ~ /^((typedef|static|constexpr)[ \t]+)*enum([^A-Za-z0-9_]|$)/) return "init"
    if (h !~ /\(/) return "init"
    p = h
    gsub(/operator[^(]*\(/, "operator(", p)
    if (index(p, "=") > 0 && index(p, "=") < index(p, "(")) return "init"   # a variable with a lambda
    if (h ~ /^(if|for|while|switch|catch|do|else)([^A-Za-z0-9_]|$)/) return "init"
    return "function"
}
function name_of(header,    h) {
    h = trim(header)
    sub(/\(.*/, "", h)
    gsub(/[ \t\r\n]+/, " ", h)
    sub(/.* /, "", h)
    sub(/^[*&]+/, "", h)
    return h
}
FNR == 1 { depth = 0; infn = 0; header = ""; headerLine = 0; incomment = 0 }
{
    line = $0
    if (!incomment && line ~ /^[ \t]*#/) next     # preprocessor
    n = length(line)
    for (i = 1; i <= n; i++) {
        c = substr(line, i, 1)
        if (incomment) {
            if (c == "*" && substr(line, i + 1, 1) == "/") { incomment = 0; i++ }
            continue
        }
        if (c == "/" && substr(line, i + 1, 1) == "/") break
        if (c == "/" && substr(line, i + 1, 1) == "*") { incomment = 1; i++; continue }
        if (c == "\"" || (c == "\x27" && substr(line, i - 1, 1) !~ /[0-9A-Fa-f]/)) {
            for (i++; i <= n; i++) {
                d = substr(line, i, 1)
                if (d == "\\") { i++; continue }
                if (d == c) break
            }
            if (!infn) header = header "\"\""
            continue
        }
        if (c == "{") {
            kind = infn ? "block" : (stack[depth] == "init" ? "init" : opens(header))
            stack[++depth] = kind
            if (kind == "function") { infn = depth; start = headerLine; fname = name_of(header) }
            if (kind != "init") header = ""
            else header = header "{"
            continue
        }
        if (c == "}") {
            kind = stack[depth]
            if (infn == depth) {
                len = FNR - start + 1
                if (len > limit) printf "%6d  %s:%d  %s\n", len, FILENAME, start, fname
                infn = 0
            }
            depth--
            if (kind == "init") header = header "}"
            else header = ""
            continue
        }
        if (c == ";") { if (stack[depth] != "init") header = ""; continue }
        if (!infn && c == ":" && trim(header) ~ /^(public|protected|private|signals|Q_SIGNALS)?[ \t]*(slots|Q_SLOTS)?$/) {
            header = ""      # an access specifier, not part of the next signature
            continue
        }
        if (!infn && c !~ /[ \t]/) {
            if (trim(header) == "") headerLine = FNR
            header = header c
            continue
        }
        if (!infn) header = header c
    }
    if (!infn) header = header " "
}
' "${files[@]}" | sort -rn

echo "Files over $file_lines lines:"
wc -l "${files[@]}" | awk -v limit="$file_lines" '$2 != "total" && $1 > limit { printf "%6d  %s\n", $1, $2 }' | sort -rn
