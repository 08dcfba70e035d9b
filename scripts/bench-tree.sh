#!/bin/sh
# The file-system layer of go-edit exec on the real Linux 6.1 tree
# (internal/tree): Select alone, Select + Process with a printk(KERN_ERR
# prefilter, and reading every file with Process's reused buffers (A)
# against one os.ReadFile per file (B), runs alternating A, B, A, B ...,
# medians of wall and CPU (user + system) seconds; CPU time says more on a
# shared machine. Target: Select + Process well under 0.5 s on 2 cores, warm.
# BENCH_RUNS (default 5) runs of each. GOEDIT_KSRC names the tree.
set -eu
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}
: "${GOEDIT_KSRC:=$(scripts/ksrc.sh)}"
export GOEDIT_KSRC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/tree.test" ./internal/tree
bench() { # name -> wall and CPU seconds per op
	"$tmp/tree.test" -test.run '^$' -test.bench "^$1\$" -test.benchtime 1x |
		awk '/^Benchmark/ { for (i = 4; i < NF; i++) if ($(i + 1) == "cpu-s/op") c = $i; printf "%.3f %.3f\n", $3 / 1e9, c }'
}
bench BenchmarkKernelRead >/dev/null # warm the page cache
for i in $(seq "$runs"); do
	bench BenchmarkKernelRead >>"$tmp/a"
	bench BenchmarkKernelReadFile >>"$tmp/b"
	bench BenchmarkKernelSelect >>"$tmp/s"
	bench BenchmarkKernel >>"$tmp/k"
done
median() { # file column
	awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
a=$(median "$tmp/a" 1) b=$(median "$tmp/b" 1) s=$(median "$tmp/s" 1) k=$(median "$tmp/k" 1)
ac=$(median "$tmp/a" 2) bc=$(median "$tmp/b" 2) sc=$(median "$tmp/s" 2) kc=$(median "$tmp/k" 2)
files=$("$tmp/tree.test" -test.run '^TestKernelTree$' -test.v 2>&1 | sed -n 's/.* \([0-9]*\) files, stats.*/\1/p')
echo "internal/tree on $GOEDIT_KSRC ($files text files, $(nproc) CPUs, medians of $runs runs)"
echo
printf '| %-46s | %8s | %8s | %-10s |\n' measure wall CPU "target (wall)"
printf '| %-46s | %8s | %8s | %-10s |\n' --- --- --- ---
row() { printf '| %-46s | %6s s | %6s s | %-10s |\n' "$1" "$2" "$3" "$4"; }
row "Select (walk, .gitignore, index)" "$s" "$sc" ""
row "Select + Process, printk(KERN_ERR prefilter" "$k" "$kc" "< 0.5 s"
row "A: read all, Process (reused buffers)" "$a" "$ac" ""
row "B: read all, os.ReadFile per file" "$b" "$bc" ""
awk -v a="$a" -v b="$b" -v ac="$ac" -v bc="$bc" 'BEGIN { if (a > 0 && ac > 0) printf "| %-46s | %7.2fx | %7.2fx | %-10s |\n", "ratio B/A", b / a, bc / ac, "> 1" }'
