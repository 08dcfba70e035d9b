#!/bin/bash
# The sam engine in stream mode on one big C file (13 MB, generated), side
# by side with plan9port sam -d (fed as bin/ssam feeds it) and sed doing the
# same edit, alternating runs, warm cache. Each run's output must be
# byte-identical across the tools, or the benchmark fails.
#
#   E1  ,s/kmalloc/kzalloc/g                    vs  sed 's/kmalloc/kzalloc/g'
#   E2  ,x/printk\(KERN_ERR /c/pr_err(/          vs  sed 's/printk(KERN_ERR /pr_err(/g'
#   E3  ,x/^static int .*$/ x/foo/ c/bar/        vs  sed '/^static int /s/foo/bar/g'
#
# BENCH_RUNS (default 5) runs per tool. sam is skipped when not on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
. scripts/bench/lib.sh

runs=${BENCH_RUNS:-5}
bin=${GOEDIT_BIN:-$top/go-edit}
[ -x "$bin" ] || go build -o "$bin" ./cmd/go-edit
sam=$(command -v sam || true)

in=$bench_tmp/big.c
awk 'BEGIN {
	for (i = 0; i < 52000; i++)
		printf "static int foo_probe_%d(struct device *dev)\n{\n\tstruct foo_priv *priv = kmalloc(sizeof(*priv), GFP_KERNEL);\n\tif (!priv) {\n\t\tprintk(KERN_ERR \"foo: no memory for %d\\n\");\n\t\treturn -ENOMEM;\n\t}\n\tpriv->id = %d; /* \303\274n\303\257code */\n\treturn 0;\n}\n\n", i, i, i
}' >"$in"

# ssam's protocol: dot is the whole file, the mark #0, print it at the end.
samcmd() { printf "printf ',{\\\\nk\\\\n}\\\\n0k\\\\n%%s\\\\n,\\\\n' '%s' | '%s' -d '%s' 2>/dev/null" "$1" "$sam" "$in"; }

workload() { # NAME SAMSCRIPT SEDSCRIPT
	for _ in $(seq "$runs"); do
		measure "$1-go" "'$bin' exec --stream '$2' <'$in' >'$bench_tmp/$1.go'"
		measure "$1-sed" "sed '$3' '$in' >'$bench_tmp/$1.sed'"
		if [ -n "$sam" ]; then
			measure "$1-sam" "$(samcmd "$2") >'$bench_tmp/$1.sam'"
		fi
	done
	cmp -s "$bench_tmp/$1.go" "$bench_tmp/$1.sed" || { echo "bench-edit: $1: go-edit and sed disagree" >&2; exit 1; }
	if [ -n "$sam" ]; then
		cmp -s "$bench_tmp/$1.go" "$bench_tmp/$1.sam" || { echo "bench-edit: $1: go-edit and sam disagree" >&2; exit 1; }
	fi
}

workload e1 ',s/kmalloc/kzalloc/g' 's/kmalloc/kzalloc/g'
workload e2 ',x/printk\(KERN_ERR /c/pr_err(/' 's/printk(KERN_ERR /pr_err(/g'
workload e3 ',x/^static int .*$/ x/foo/ c/bar/' '/^static int /s/foo/bar/g'

echo "sam engine, stream mode, on a $(($(wc -c <"$in") / 1048576)) MB C file ($(nproc) CPUs, warm cache, medians of $runs runs)"
echo
table_header
for w in e1 e2 e3; do
	W=$(echo "$w" | tr a-z A-Z)
	row "$W" "$w-sed" "sed"
	[ -n "$sam" ] && row "$W" "$w-sam" "plan9port sam -d" "$w-sed"
	row "$W" "$w-go" "go-edit exec --stream" "$w-sed" "<=2x"
done
