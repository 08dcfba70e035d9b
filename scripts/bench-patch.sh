#!/bin/sh
# Benchmark: patch.Render against `git diff --no-index` on the same file
# pairs: a synthetic 5 MB C file with 3 scattered one-line changes, and
# (with GOEDIT_KSRC) the largest header of the kernel tree with a comment
# added to every 1000th line. Runs alternate (git, go-edit, git, ...); the table shows
# medians of ns/op from `go test -bench` and the ratio against git. git's
# time includes starting the process and reading the files.
# RUNS sets the number of rounds (default 5).
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WORK=$(pwd)/.cache/bench-patch
rm -rf "$WORK"
mkdir -p "$WORK"
go test -c -o "$WORK/patch.test" ./patch
GOEDIT_BENCH_GEN="$WORK" "$WORK/patch.test" -test.run '^TestWriteBenchPair$' >/dev/null
pairs="synthetic"
KSRC=${GOEDIT_KSRC:-}
if [ -n "$KSRC" ] && [ -d "$KSRC/drivers" ]; then
	big=$(cd "$KSRC" && git ls-files -z 'drivers/gpu/drm/amd/include/asic_reg/*.h' | xargs -0 ls -S 2>/dev/null | head -1)
	cp "$KSRC/$big" "$WORK/kernel.old"
	sed '0~1000s|$| /* x */|' "$WORK/kernel.old" >"$WORK/kernel.new"
	pairs="synthetic kernel"
fi

bench() { # $1: pair, $2: Render or GitDiff; prints ns/op
	GOEDIT_BENCH_OLD="$WORK/$1.old" GOEDIT_BENCH_NEW="$WORK/$1.new" \
		"$WORK/patch.test" -test.run '^$' -test.bench "^BenchmarkPair$2\$" -test.benchtime 10x |
		awk '/^BenchmarkPair/ {print $3}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%s\n' "patch.Render vs git diff --no-index, $RUNS alternating runs (median ms per diff)"
printf '%-40s %10s %10s %8s\n' "input" "git (ms)" "go (ms)" "vs git"
for p in $pairs; do
	: >"$WORK/$p.git"
	: >"$WORK/$p.go"
	i=0
	while [ $i -lt "$RUNS" ]; do
		bench "$p" GitDiff >>"$WORK/$p.git"
		bench "$p" Render >>"$WORK/$p.go"
		i=$((i + 1))
	done
	g=$(median <"$WORK/$p.git")
	o=$(median <"$WORK/$p.go")
	size=$(wc -c <"$WORK/$p.old")
	changed=$(git diff --no-index --numstat "$WORK/$p.old" "$WORK/$p.new" | awk '{print $1 "+/" $2 "-"}' || true)
	label="$p ($((size / 1024)) KB, $changed)"
	awk -v l="$label" -v g="$g" -v o="$o" 'BEGIN { printf "%-40s %10.1f %10.1f %7.2fx\n", l, g / 1e6, o / 1e6, g / o }'
done
