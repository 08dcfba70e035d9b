#!/bin/sh
# go-edit probe's costs (issue 7): the time one probe hit adds to the
# probed call (getppid(2) bare, then with a counting tracepoint program,
# then with a kprobe+kretprobe on __x64_sys_getppid, where the kernel has
# kprobes), and loading+attaching one probe. Runs alternate (off,
# tracepoint, kprobe, off, ...) BENCH_ROUNDS times (default 5); medians.
# Needs root: prints why and exits 0 otherwise.
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
	for v in 'probe=off' 'probe=tracepoint' 'probe=kprobe'; do
		"$bin" -test.run '^$' -test.bench "^BenchmarkGetppid\$/^$v\$" -test.benchtime 300000x >>"$out" 2>&1 || true
	done
	"$bin" -test.run '^$' -test.bench '^BenchmarkAttach$' -test.benchtime 20x >>"$out" 2>&1 || true
	i=$((i + 1))
done
# median NAME: the median ns/op of the benchmark lines named NAME.
median() {
	awk -v n="$1" '$1 ~ n && $4 == "ns/op" { print $3 }' "$out" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
off=$(median 'BenchmarkGetppid/probe=off')
tp=$(median 'BenchmarkGetppid/probe=tracepoint')
kp=$(median 'BenchmarkGetppid/probe=kprobe')
atp=$(median 'BenchmarkAttach/tracepoint')
akp=$(median 'BenchmarkAttach/kprobe')
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
row "getppid + tracepoint (count, pid filter)" "$tp"
row "getppid + kprobe/kretprobe (count, histogram)" "$kp"
for x in "tracepoint:$atp" "kprobe:$akp"; do
	v=${x#*:}
	if [ "$v" = - ]; then
		printf '| %-46s | %12s | %12s | %8s |\n' "load+attach+detach, ${x%%:*}" "n/a" "" ""
	else
		awk -v l="load+attach+detach, ${x%%:*}" -v v="$v" 'BEGIN { printf "| %-46s | %9.2f ms | %12s | %8s |\n", l, v / 1e6, "", "" }'
	fi
done
[ "$kp" = - ] && echo "(kprobe rows: this kernel has no kprobes; make test-vm runs them in a VM, where TCG timings mean nothing)"
exit 0
