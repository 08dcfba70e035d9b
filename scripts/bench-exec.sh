#!/bin/bash
# Tree-scale 'go-edit exec' on the whole Linux 6.1 tree, side by side with
# ripgrep, sed and spatch doing the same job, warm cache, alternating runs.
#
#   W1   structural grep  ,x/printk\(KERN_ERR/ =      vs  rg -n -F 'printk(KERN_ERR'
#   W1b  no literal prefix ,x/k[mz]alloc\(/ =         vs  rg -n 'k[mz]alloc\('
#   W2   printk(KERN_ERR  -> pr_err( as a patch       vs  rg -l | xargs sed -i; git diff
#                                                     and spatch (scripts/bench/w2.cocci)
#   W3   the same rewrite written in place (-w); its git diff --numstat must equal sed's
#
# BENCH_RUNS (default 5) runs per tool; BENCH_SPATCH_RUNS (default 1; 0 skips)
# for spatch, which takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD
. scripts/bench/lib.sh

bin=$top/go-edit
runs=${BENCH_RUNS:-5}
spatch_runs=${BENCH_SPATCH_RUNS:-1}
ksrc=${GOEDIT_KSRC:-$(scripts/ksrc.sh)}
sedtree=$(scripts/kcopy.sh bench-sed)
gotree=$(scripts/kcopy.sh bench-goedit)

# Warm the page cache for both trees.
cat "$ksrc"/MAINTAINERS >/dev/null
rg -c -F 'printk(KERN_ERR' "$ksrc" "$sedtree" "$gotree" >/dev/null || true

sed_w2="cd '$sedtree' && rg -l -F 'printk(KERN_ERR ' | xargs sed -i 's/printk(KERN_ERR /pr_err(/g' && git diff >'$bench_tmp/sed.diff'"
go_w2="'$bin' exec -C '$ksrc' ',x/printk\(KERN_ERR /c/pr_err(/' >'$bench_tmp/go.diff'"
go_w3="'$bin' exec -w -C '$gotree' ',x/printk\(KERN_ERR /c/pr_err(/'"

for _ in $(seq "$runs"); do
	measure w1-go "'$bin' exec -C '$ksrc' ',x/printk\(KERN_ERR/ ='"
	measure w1-rg "cd '$ksrc' && rg -n -F 'printk(KERN_ERR'"
	measure w1b-go "'$bin' exec -C '$ksrc' ',x/k[mz]alloc\(/ ='"
	measure w1b-rg "cd '$ksrc' && rg -n 'k[mz]alloc\('"
	measure w2-go "$go_w2"
	measure w2-sed "$sed_w2"
	git -C "$sedtree" diff --numstat >"$bench_tmp/sed.numstat"
	git -C "$sedtree" checkout -q -- .
	measure w3-go "$go_w3"
	git -C "$gotree" diff --numstat >"$bench_tmp/go.numstat"
	git -C "$gotree" checkout -q -- .
done
for _ in $(seq "$spatch_runs"); do
	measure w2-spatch "cd '$ksrc' && spatch --very-quiet --sp-file '$top/scripts/bench/w2.cocci' --dir . -j 2 >'$bench_tmp/spatch.diff'"
done

echo "Tree-scale exec on Linux 6.1 ($(nproc) CPUs, warm cache, medians of $runs runs)"
echo
table_header
row W1 w1-rg "rg -n -F 'printk(KERN_ERR'"
row W1 w1-go "go-edit ',x/printk\(KERN_ERR/ ='" w1-rg "<=1.5x"
row W1b w1b-rg "rg -n 'k[mz]alloc\('"
row W1b w1b-go "go-edit ',x/k[mz]alloc\(/ ='" w1b-rg "<=2x"
row W2 w2-sed "rg -l | xargs sed -i + git diff"
row W2 w2-go "go-edit patch" w2-sed "<=0.8x"
if [ "$spatch_runs" -gt 0 ]; then
	row W2 w2-spatch "spatch (runs: $spatch_runs)"
	row W2 w2-go "go-edit patch" w2-spatch "<=1/80x"
fi
row W3 w3-go "go-edit -w" w2-sed
echo

status=0
if cmp -s "$bench_tmp/sed.numstat" "$bench_tmp/go.numstat"; then
	echo "W3: git diff --numstat after go-edit -w equals sed's ($(wc -l <"$bench_tmp/go.numstat") files)"
else
	echo "W3: git diff --numstat differs from sed's:"
	diff "$bench_tmp/sed.numstat" "$bench_tmp/go.numstat" | head -20
	status=1
fi
if (cd "$ksrc" && git apply --check "$bench_tmp/go.diff"); then
	echo "W2: the patch applies with git apply --check"
else
	status=1
fi
for name in w1-go w1b-go w2-go w3-go; do
	mb=$(peak "$name")
	awk -v m="$mb" 'BEGIN { exit !(m >= 128) }' && { echo "$name: peak RSS $mb MB is over the 128 MB budget"; status=1; }
done
exit $status
