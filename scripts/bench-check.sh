#!/bin/sh
# Benchmarks 'go-edit check --strict' against the kernel's own
# 'scripts/checkpatch.pl --no-tree --strict' on the same large patch: the
# printk(KERN_ERR -> pr_err( rewrite of drivers/ (the W2 diff), made by
# 'go-edit exec'. Runs alternate between the two tools; the table shows
# every run and the medians, and the ratio of the medians.
#
# GOEDIT_KSRC names the Linux 6.1 tree (scripts/ksrc.sh); GOEDIT_BIN the
# go-edit binary (default ./go-edit, as 'make bench' builds it); RUNS the
# number of runs per tool (default 3). The machine's load average before and
# after is printed with the table: the ratio means little on a busy machine.
set -eu
cd "$(dirname "$0")/.."
ksrc=${GOEDIT_KSRC:-$(scripts/ksrc.sh)}
bin=$(cd "$(dirname "${GOEDIT_BIN:-./go-edit}")" && pwd)/$(basename "${GOEDIT_BIN:-./go-edit}")
runs=${RUNS:-3}
[ -x "$bin" ] || { echo "bench-check: no go-edit binary at $bin (make build)" >&2; exit 1; }
command -v perl >/dev/null || { echo "bench-check: perl is needed for checkpatch.pl" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" exec -C "$ksrc" ',x/printk\(KERN_ERR */ c/pr_err(/' drivers/ >"$tmp/w2.patch"
files=$(grep -c '^diff --git' "$tmp/w2.patch")
lines=$(wc -l <"$tmp/w2.patch")

# now prints a monotonic-enough clock in milliseconds.
now() { date +%s%N | cut -c1-13; }

# timed NAME CMD...: runs CMD (a finding exits 1, which is not a failure
# here), appends the milliseconds it took to $tmp/NAME.
timed() {
	name=$1
	shift
	t0=$(now)
	"$@" >"$tmp/$name.out" 2>&1 || [ $? -eq 1 ]
	t1=$(now)
	echo $((t1 - t0)) >>"$tmp/$name.ms"
}

# load prints the 1-minute load average, where the system shows it.
load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown; }
load0=$(load)

i=0
while [ $i -lt "$runs" ]; do
	timed go-edit "$bin" check --strict "$tmp/w2.patch"
	timed checkpatch perl "$ksrc/scripts/checkpatch.pl" --no-tree --strict -q "$tmp/w2.patch"
	i=$((i + 1))
done

median() { sort -n "$1" | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }
row() { printf '%-34s %s  median %s ms\n' "$1" "$(tr '\n' ' ' <"$tmp/$2.ms")" "$(median "$tmp/$2.ms")"; }

echo "check: W2 patch, printk(KERN_ERR -> pr_err( over drivers/ ($files files, $lines lines), $runs runs each, ms"
row "go-edit check --strict" go-edit
row "checkpatch.pl --no-tree --strict" checkpatch
a=$(median "$tmp/go-edit.ms")
b=$(median "$tmp/checkpatch.ms")
awk -v a="$a" -v b="$b" 'BEGIN { printf "ratio checkpatch.pl / go-edit check: %.1fx (target >= 20x)\n", b / (a > 0 ? a : 1) }'
# The summaries must agree on the number of lines checked.
gl=$(grep '^total:' "$tmp/go-edit.out" | sed 's/.* \([0-9]*\) lines checked/\1/')
pl=$(grep '^total:' "$tmp/checkpatch.out" | sed 's/.* \([0-9]*\) lines checked/\1/')
echo "lines checked: go-edit $gl, checkpatch.pl $pl"
echo "load average: $load0 before, $(load) after ($(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs)"
