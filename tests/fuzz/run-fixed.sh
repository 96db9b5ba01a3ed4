#!/usr/bin/env bash
# CTest's fixed fuzz run: FUZZER WORKDIR ARGS… — WORKDIR is emptied and passed as the
# first corpus directory, where libFuzzer writes what it finds new, so that every run
# starts from the committed corpus alone. With the fixed -seed the run takes the same
# inputs every time, provided addresses do not move: libFuzzer learns from the values
# the code compares, pointers included, so the run goes without address randomisation
# (setarch -R) where the machine allows it, and without -reload's timed rereads.
set -euo pipefail
fuzzer=$1 work=$2
shift 2
rm -rf "$work"
mkdir -p "$work"
norandom=()
if setarch "$(uname -m)" -R true 2>/dev/null; then
    norandom=(setarch "$(uname -m)" -R)
fi
exec "${norandom[@]}" "$fuzzer" -reload=0 -artifact_prefix="$work/" "$work" "$@"
