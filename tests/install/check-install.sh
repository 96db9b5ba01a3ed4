#!/usr/bin/env bash
# The install test: `cmake --install` into a temporary prefix, then checks what the desktop
# reads there with the desktop's own validators.
#   check-install.sh BUILD-DIR APP-ID
# Exit 77 (reported by CTest as skipped) when a validator is missing; ./setup installs them.
set -uo pipefail
build=$1
app_id=$2

missing=()
for tool in desktop-file-validate appstreamcli update-mime-database xmllint gio help2man; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "SKIP: missing ${missing[*]} (Debian: desktop-file-utils appstream shared-mime-info libxml2-utils libglib2.0-bin help2man)"
    exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
share=$prefix/share
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: cmake --install"
    exit 1
fi
pass "cmake --install into $prefix"

# Desktop entry: valid, named after the id, its icon installed, sessions claimed, JSON not.
desktop=$share/applications/$app_id.desktop
if desktop-file-validate "$desktop"; then pass "desktop-file-validate $app_id.desktop"; else fail "desktop-file-validate"; fi
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ "$icon" = "$app_id" ] || fail "Icon=$icon, expected the application id $app_id"
[ -f "$share/icons/hicolor/scalable/apps/$icon.svg" ] && [ -f "$share/icons/hicolor/48x48/apps/$icon.png" ] ||
    fail "icon $icon not installed in hicolor (scalable and 48x48)"
mime_types=$(sed -n 's/^MimeType=//p' "$desktop")
[[ ";$mime_types" == *";application/x-interleave-session;"* ]] || fail "the desktop entry does not claim sessions: $mime_types"
[[ ";$mime_types" != *";application/json;"* ]] || fail "the desktop entry claims every JSON file"

# AppStream: the metainfo on its own and together with the desktop entry it launches.
if appstreamcli validate --no-net "$share/metainfo/$app_id.metainfo.xml" &&
    appstreamcli validate-tree --no-net "$prefix"; then
    pass "appstreamcli validate"
else
    fail "appstreamcli validate"
fi

# MIME: well-formed, registered by the install (update-mime-database), and a session resolves
# to it by name and, renamed, by content; a scenario file stays plain JSON.
mime_xml=$share/mime/packages/$app_id.xml
# shared-mime-info ships its DTD inside its own package file; validate against that.
smi_xml=/usr/share/mime/packages/freedesktop.org.xml
sed -n '/^<!DOCTYPE mime-info \[/,/^\]>/p' "$smi_xml" 2>/dev/null | sed '1d;$d' >"$tmp/mime-info.dtd"
if [ -s "$tmp/mime-info.dtd" ]; then
    if xmllint --noout --dtdvalid "$tmp/mime-info.dtd" "$mime_xml"; then pass "xmllint: $app_id.xml follows shared-mime-info's DTD"; else fail "xmllint --dtdvalid"; fi
else
    echo "note: no DTD in $smi_xml; checking that $app_id.xml is well-formed only"
    if xmllint --noout "$mime_xml"; then pass "xmllint $app_id.xml"; else fail "xmllint"; fi
fi
[ -f "$share/mime/mime.cache" ] || fail "cmake --install did not run update-mime-database (no mime.cache)"
grep -q "^application/x-interleave-session=$app_id.desktop;" "$share/applications/mimeinfo.cache" 2>/dev/null ||
    fail "cmake --install did not register the desktop entry for sessions (mimeinfo.cache)"
mkdir "$tmp/files"
printf '{\n    "cursor": 4,\n    "format": "interleave-session",\n    "version": 1\n}\n' >"$tmp/files/lesson.interleave"
cp "$tmp/files/lesson.interleave" "$tmp/files/renamed-session"
printf '{\n    "format": 1,\n    "id": "mine"\n}\n' >"$tmp/files/scenario.json"
content_type() {
    XDG_DATA_HOME=$tmp/no-home XDG_DATA_DIRS=$share:/usr/local/share:/usr/share \
        gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'
}
for check in "lesson.interleave application/x-interleave-session" \
    "renamed-session application/x-interleave-session" "scenario.json application/json"; do
    set -- $check
    got=$(content_type "$tmp/files/$1")
    if [ "$got" = "$2" ]; then pass "$1 is $2"; else fail "$1 is \"$got\", expected $2"; fi
done

# A package build (DESTDIR) stages the files and leaves the caches to the distribution.
DESTDIR=$tmp/stage cmake -DCMAKE_INSTALL_PREFIX=/usr -P "$build/resources/cmake_install.cmake" >/dev/null 2>&1
[ -f "$tmp/stage/usr/share/mime/packages/$app_id.xml" ] || fail "DESTDIR install did not stage the MIME package"
[ ! -e "$tmp/stage/usr/share/mime/mime.cache" ] || fail "DESTDIR install built a MIME cache inside the package"

# Man pages: installed, and every verb and option the programs print is on them.
export LC_ALL=C.UTF-8 LANGUAGE= QT_QPA_PLATFORM=offscreen PATH=$prefix/bin:$PATH
man1=$share/man/man1
roff() { sed -e 's/-/\\-/g'; }   # how help2man writes an option name
for page in interleave interleave-cli; do
    [ -f "$man1/$page.1" ] || { fail "$page.1 not installed in share/man/man1"; continue; }
    grep -q "^\.TH" "$man1/$page.1" || fail "$page.1 has no .TH header"
done
if [ -f "$man1/interleave-cli.1" ]; then
    verbs=$(interleave-cli --help | awk '/^Verbs:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
    [ -n "$verbs" ] || fail "interleave-cli --help lists no verbs"
    for verb in $verbs; do
        for option in $(interleave-cli "$verb" --help | grep -o -- '^  \(-., \)\?--[a-z-]*' | grep -o -- '--[a-z-]*'); do
            grep -qF -- "$(roff <<<"$option")" "$man1/interleave-cli.1" || fail "interleave-cli.1 lacks $verb $option"
        done
    done
    pass "interleave-cli.1 has every verb's options"
fi
if [ -f "$man1/interleave.1" ]; then
    for option in $(interleave --help | grep -o -- '^  \(-., \)\?--[a-z-]*' | grep -o -- '--[a-z-]*'); do
        grep -qF -- "$(roff <<<"$option")" "$man1/interleave.1" || fail "interleave.1 lacks $option"
    done
    pass "interleave.1 has every option"
fi

# Bash completion: installed where bash-completion looks, and offers the verbs, scenario ids and
# a scenario's strategies, asking the installed program.
completion=$share/bash-completion/completions/interleave-cli
if [ ! -f "$completion" ]; then
    fail "bash completion not installed in share/bash-completion/completions"
else
    complete_line() {
        bash -c 'source "$1"; shift
                 COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                 COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                 _interleave_cli; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
    }
    offered=$(complete_line interleave-cli "")
    for verb in $verbs; do
        grep -qx -- "$verb" <<<"$offered" || fail "completion after interleave-cli does not offer $verb (offered: $(echo $offered))"
    done
    grep -qx lost-update <<<"$(complete_line interleave-cli run --scenario lo)" || fail "completion does not offer scenario ids"
    grep -qx request-order <<<"$(complete_line interleave-cli step --scenario transfer-deadlock --strategy "")" ||
        fail "completion does not offer the scenario's strategies"
    grep -qx -- --trials <<<"$(complete_line interleave-cli run --t)" || fail "completion does not offer run's options"
    pass "bash completion offers verbs, options, scenarios and strategies"
fi

if [ $failures -gt 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all install checks passed"
