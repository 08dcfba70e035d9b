#!/bin/sh
# The file-system layer of go-edit exec on the real Linux 6.1 tree
# (internal/tree): Select alone, Select + Process with a printk(KERN_ERR
# prefilter, and reading every file with Process's reused buffers (A)
# against one os.ReadFile per file (B), runs alternating A, B, A, B ...,
# medians. Target: Select + Process well under 0.5 s on 2 cores, warm.
# BENCH_RUNS (default 5) runs of each. GOEDIT_KSRC names the tree.
set -eu
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
: "${GOEDIT_KSRC:=$(scripts/ksrc.sh)}"
export GOEDIT_KSRC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/tree.test" ./internal/tree
bench() { # name -> seconds per op
	"$tmp/tree.test" -test.run '^$' -test.bench "^$1\$" -test.benchtime 1x |
		awk '/^Benchmark/ { printf "%.3f\n", $3 / 1e9 }'
}
bench BenchmarkKernelRead >/dev/null # warm the page cache
for i in $(seq "$runs"); do
	bench BenchmarkKernelRead >>"$tmp/a"
	bench BenchmarkKernelReadFile >>"$tmp/b"
	bench BenchmarkKernelSelect >>"$tmp/s"
	bench BenchmarkKernel >>"$tmp/k"
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
a=$(median "$tmp/a") b=$(median "$tmp/b") s=$(median "$tmp/s") k=$(median "$tmp/k")
files=$("$tmp/tree.test" -test.run '^TestKernelTree$' -test.v 2>&1 | sed -n 's/.* \([0-9]*\) files, stats.*/\1/p')
echo "internal/tree on $GOEDIT_KSRC ($files text files, $(nproc) CPUs, medians of $runs runs)"
echo
printf '| %-48s | %8s | %-10s |\n' measure median target
printf '| %-48s | %8s | %-10s |\n' --- --- ---
printf '| %-48s | %6s s | %-10s |\n' "Select (walk, .gitignore, index)" "$s" ""
printf '| %-48s | %6s s | %-10s |\n' "Select + Process, printk(KERN_ERR prefilter" "$k" "< 0.5 s"
printf '| %-48s | %6s s | %-10s |\n' "A: read all, Process (reused buffers)" "$a" ""
printf '| %-48s | %6s s | %-10s |\n' "B: read all, os.ReadFile per file" "$b" ""
awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "| %-48s | %7.2fx | %-10s |\n", "ratio B/A", b / a, "> 1" }'
