#!/bin/sh
# go-edit probe's costs (issue 7): the time one probe hit adds to the
# probed call (getppid(2) bare, then with a counting tracepoint program,
# then with entry+return programs on __task_pid_nr_ns attached as
# kprobe/kretprobe, fentry/fexit and kprobe.multi, where the kernel has
# them), and loading+attaching one probe each way. Runs alternate (off,
# tracepoint, kprobe, fentry, kprobe.multi, off, ...) BENCH_ROUNDS times
# (default 5); medians. Needs root: prints why and exits 0 otherwise.
set -eu
cd "$(dirname "$0")/.."
rounds=${BENCH_ROUNDS:-5}
if [ "$(id -u)" != 0 ]; then
	echo "probe benchmarks need root (CAP_BPF, CAP_PERFMON): skipped"
	exit 0
fi
export CGO_ENABLED=0
bin=$(mktemp)
out=$(mktemp)
trap 'rm -f "$bin" "$out"' EXIT
go test -c -o "$bin" ./bpf
i=0
while [ $i -lt "$rounds" ]; do
	for v in off tracepoint kprobe fentry 'kprobe\.multi'; do
		"$bin" -test.run '^$' -test.bench "^BenchmarkGetppid\$/^probe=$v\$" -test.benchtime 300000x >>"$out" 2>&1 || true
	done
	"$bin" -test.run '^$' -test.bench '^BenchmarkAttach$' -test.benchtime 20x >>"$out" 2>&1 || true
	i=$((i + 1))
done
# median NAME: the median ns/op of the benchmark lines named NAME (with
# go test's -CPUS suffix).
median() {
	awk -v n="^$1(-[0-9]+)?\$" '$1 ~ n && $4 == "ns/op" { print $3 }' "$out" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
off=$(median 'BenchmarkGetppid/probe=off')
echo "Probe cost ($(nproc) CPUs, kernel $(uname -r), medians of $rounds alternating rounds)"
echo
printf '| %-46s | %12s | %12s | %8s |\n' measure "ns/op" "ns per hit" ratio
printf '| %-46s | %12s | %12s | %8s |\n' --- --- --- ---
row() { # LABEL NS
	if [ "$2" = - ]; then
		printf '| %-46s | %12s | %12s | %8s |\n' "$1" "n/a" "" ""
		return
	fi
	awk -v l="$1" -v v="$2" -v b="$off" 'BEGIN { printf "| %-46s | %12.0f | %12.0f | %7.2fx |\n", l, v, v - b, v / b }'
}
printf '| %-46s | %12.0f | %12s | %8s |\n' "getppid, no probe" "$off" "" "1.00x"
row "getppid + tracepoint (count, pid filter)" "$(median 'BenchmarkGetppid/probe=tracepoint')"
row "getppid + kprobe/kretprobe (count, histogram)" "$(median 'BenchmarkGetppid/probe=kprobe')"
row "getppid + fentry/fexit (count, histogram)" "$(median 'BenchmarkGetppid/probe=fentry')"
row "getppid + kprobe.multi (count, histogram)" "$(median 'BenchmarkGetppid/probe=kprobe\.multi')"
for x in tracepoint kprobe fentry 'kprobe\.multi'; do
	v=$(median "BenchmarkAttach/$x")
	l="load+attach+detach, $(echo "$x" | tr -d '\\')"
	if [ "$v" = - ]; then
		printf '| %-46s | %12s | %12s | %8s |\n' "$l" "n/a" "" ""
	else
		awk -v l="$l" -v v="$v" 'BEGIN { printf "| %-46s | %9.2f ms | %12s | %8s |\n", l, v / 1e6, "", "" }'
	fi
done
echo "(n/a: this kernel lacks that way of attaching, or refuses it; make test-vm runs the function probes in a VM, where TCG timings are only comparable with each other)"
exit 0
