#!/usr/bin/env bash
# CTest's fixed fuzz run: FUZZER WORKDIR ARGS… — WORKDIR is emptied and passed as the
# first corpus directory, where libFuzzer writes what it finds new, so that every run
# starts from the committed corpus alone and takes the same inputs.
set -euo pipefail
fuzzer=$1 work=$2
shift 2
rm -rf "$work"
mkdir -p "$work"
exec "$fuzzer" -artifact_prefix="$work/" "$work" "$@"
