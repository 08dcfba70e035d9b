#!/bin/sh
# The sandbox's cost: installing a profile (Landlock ruleset + seccomp
# filter, timed inside fresh children) and 'go-edit version' from exec to
# exit with the sandbox on and off, runs alternating (off, on, off, on ...),
# medians. Targets (issue 6): install well under 1 ms; version under 10 ms.
# BENCH_RUNS (default 200) children per benchmark. Uses ./go-edit when
# present (make bench builds it), else builds a static one.
set -eu
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-200}
bin=${GOEDIT_BIN:-$PWD/go-edit}
[ -x "$bin" ] || bin=""
export CGO_ENABLED=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
GOEDIT_BIN=$bin go test -run '^$' -bench '^BenchmarkInstall$' -benchtime "${runs}x" ./sandbox >"$out"
GOEDIT_BIN=$bin go test -run '^$' -bench '^BenchmarkVersionStartup$' -benchtime "${runs}x" ./commands >>"$out"
metric() { awk -v m="$1" '/^Benchmark/ { for (i = 2; i < NF; i++) if ($(i + 1) == m) print $i }' "$out"; }
install_us=$(metric median-install-us)
on=$(metric ms-median-on)
off=$(metric ms-median-off)
cpu_on=$(metric cpu-ms-median-on)
cpu_off=$(metric cpu-ms-median-off)
echo "Sandbox cost ($(nproc) CPUs, medians of $runs runs, static build)"
echo
printf '| %-40s | %10s | %-16s |\n' measure median target
printf '| %-40s | %10s | %-16s |\n' --- --- ---
printf '| %-40s | %7s us | %-16s |\n' "Install(exec -w profile)" "$install_us" "< 1000 us"
printf '| %-40s | %7s ms | %-16s |\n' "go-edit version --sandbox=off" "$off" ""
printf '| %-40s | %7s ms | %-16s |\n' "go-edit version (sandbox on)" "$on" "< 10 ms"
awk -v a="$on" -v b="$off" 'BEGIN { if (b > 0) printf "| %-40s | %9.2fx | %-16s |\n", "ratio on/off", a / b, "" }'
printf '| %-40s | %7s ms | %-16s |\n' "  CPU time, --sandbox=off" "$cpu_off" ""
printf '| %-40s | %7s ms | %-16s |\n' "  CPU time, sandbox on" "$cpu_on" ""
