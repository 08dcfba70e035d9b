#!/bin/sh
# Runs every benchmark script (scripts/bench-*.sh) in turn; each prints its
# own table. GOEDIT_KSRC names the Linux 6.1 tree (scripts/ksrc.sh).
set -eu
cd "$(dirname "$0")/.."
status=0
for b in scripts/bench-*.sh; do
	[ -e "$b" ] || continue
	echo "== $b"
	"$b" || status=1 # each runs under its own #! line
done
exit $status
