#!/bin/bash
# Throughput of sam's regular expressions (edit/samre): an x loop (every
# match, one Find each) over 10 MB of C, the .c files under drivers/ of the
# Linux tree (GOEDIT_KSRC, else scripts/ksrc.sh; generated C without one),
# forward and backward, beside Go's regexp (leftmost-longest, FindAllIndex)
# on the same text. The three run in turn in each round, so load changes hit
# all alike; the table shows medians of BENCH_RUNS (default 5) rounds, in MB
# per CPU second (the wall clock says little on a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
GOEDIT_KSRC=${GOEDIT_KSRC:-$(scripts/ksrc.sh 2>/dev/null || true)}
export GOEDIT_KSRC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/samre.test" ./edit/samre
for _ in $(seq "$runs"); do
	"$tmp/samre.test" -test.run '^$' -test.benchtime 3x \
		-test.bench '^(BenchmarkFind|BenchmarkFindBackward|BenchmarkGoRegexp)$' >>"$tmp/out"
done
text="generated C"
[ -n "$GOEDIT_KSRC" ] && text="drivers/*.c of $GOEDIT_KSRC"
echo "samre x-loop throughput, MB per CPU second ($text, 10 MB, medians of $runs rounds)"
awk '
/^Benchmark/ {
	split($1, a, "/"); kind = a[1]; sub(/^Benchmark/, "", kind)
	expr = substr($1, length(a[1]) + 2); sub(/-[0-9]+$/, "", expr)
	for (i = 2; i < NF; i++) if ($(i + 1) == "cpu-MB/s") v = $i
	key = kind SUBSEP expr; n[key]++; val[key, n[key]] = v; exprs[expr] = 1
}
function median(key,   k, i, j, t, m) {
	m = n[key]; if (!m) return 0
	for (i = 1; i <= m; i++) s[i] = val[key, i]
	for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
	return (m % 2) ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2
}
END {
	printf "| %-18s | %10s | %10s | %10s | %-14s |\n", "expression", "Find", "Backward", "Go regexp", "Find / Go"
	printf "| %-18s | %10s | %10s | %10s | %-14s |\n", "---", "---", "---", "---", "---"
	for (e in exprs) {
		f = median("Find" SUBSEP e); b = median("FindBackward" SUBSEP e); g = median("GoRegexp" SUBSEP e)
		printf "| %-18s | %10.1f | %10.1f | %10.1f | %13.1fx |\n", e, f, b, g, (g > 0 ? f / g : 0)
	}
}' "$tmp/out"
