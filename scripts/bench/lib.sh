# Shared helpers for the scripts/bench-*.sh benchmarks (sourced, not run).
#
# measure NAME CMD... runs CMD once under /usr/bin/time and appends
# "wall cpu maxrss_kb" to the sample file for NAME. Benchmarks alternate the
# tools they compare (A B A B ...) so that load changes hit both alike, then
# report medians and ratios with row.

bench_tmp=$(mktemp -d)
trap 'rm -rf "$bench_tmp"' EXIT

measure() {
	name=$1
	shift
	if ! /usr/bin/time -f '%e %U %S %M' -o "$bench_tmp/time" bash -c "$*" >/dev/null 2>"$bench_tmp/stderr"; then
		echo "bench: $name failed: $*" >&2
		cat "$bench_tmp/stderr" >&2
		return 1
	fi
	awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$bench_tmp/time" >>"$bench_tmp/$name.samples"
}

# median NAME COLUMN prints the median of a column of NAME's samples.
median() {
	sort -n -k"$2" "$bench_tmp/$1.samples" |
		awk -v k="$2" '{ v[NR] = $k } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# peak NAME prints the largest peak RSS of NAME's runs, in MB.
peak() {
	sort -n -k3 "$bench_tmp/$1.samples" | tail -n 1 | awk '{ printf "%.1f", $3 / 1024 }'
}

table_header() {
	printf '| %-4s | %-40s | %8s | %8s | %9s | %-22s |\n' workload tool "wall s" "cpu s" "peak MB" "ratio"
	printf '| %-4s | %-40s | %8s | %8s | %9s | %-22s |\n' ---- --- --- --- --- ---
}

# row WORKLOAD NAME LABEL [BASE TARGET]: one table line; with BASE, the ratio
# of NAME's median wall time to BASE's, and the issue's TARGET for it.
row() {
	wall=$(median "$2" 1)
	ratio=""
	if [ -n "${4:-}" ]; then
		base=$(median "$4" 1)
		# Small ratios read better as "1/N": 0.004x of spatch is 1/250x.
		ratio=$(awk -v a="$wall" -v b="$base" 'BEGIN { if (b > 0 && a / b < 0.1) printf "1/%.0fx %s", b / a, "'"$4"'"; else if (b > 0) printf "%.2fx %s", a / b, "'"$4"'" }')
		[ -n "${5:-}" ] && ratio="$ratio (target $5)"
	fi
	printf '| %-4s | %-40s | %8s | %8s | %9s | %-22s |\n' "$1" "$3" "$wall" "$(median "$2" 2)" "$(peak "$2")" "$ratio"
}
