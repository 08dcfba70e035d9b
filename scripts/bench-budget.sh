#!/bin/bash
# The brief's budgets: static binary <= 6 MB, slim build (no probe) <= 4.2 MB
# (read as MiB, as ls -lh shows them), 'go-edit version' starts in under
# 10 ms (median). Whole-tree peak RSS is checked by bench-exec.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
# Sizes are in MiB (what ls -lh prints as M); the bytes follow the table.
size() { stat -c %s "$1" | awk '{ printf "%.2f", $1 / 1048576 }'; }
check() { # LABEL VALUE LIMIT UNIT
	verdict=ok
	awk -v v="$2" -v l="$3" 'BEGIN { exit !(v > l) }' && { verdict="OVER BUDGET"; status=1; }
	printf '| %-32s | %8s %-3s | %8s %-3s | %-11s |\n' "$1" "$2" "$4" "$3" "$4" "$verdict"
}
printf '| %-32s | %12s | %12s | %-11s |\n' budget measured limit verdict
printf '| %-32s | %12s | %12s | %-11s |\n' --- --- --- ---
check "static binary (go-edit)" "$(size go-edit)" 6 MiB
check "slim binary (go-edit-slim)" "$(size go-edit-slim)" 4.2 MiB
printf 'bytes: go-edit %s, go-edit-slim %s\n' "$(stat -c %s go-edit)" "$(stat -c %s go-edit-slim)"
file go-edit | grep -q 'statically linked' || { echo "go-edit is not statically linked"; status=1; }
startup=$(hyperfine -N --warmup 20 --runs 200 --export-json /dev/stdout './go-edit version' 2>/dev/null |
	awk -F: '/"median"/ { gsub(/[ ,]/, "", $2); printf "%.2f", $2 * 1000; exit }')
check "go-edit version startup (median)" "$startup" 10 ms
exit $status
