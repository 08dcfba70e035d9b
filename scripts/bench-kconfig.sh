#!/bin/sh
# Benchmark: parse the full x86 Kconfig tree and run olddefconfig, go-edit
# (probe cache warm and cold) side by side with the C scripts/kconfig/conf
# built from the same tree. Runs alternate (C, warm, cold, C, ...); the
# table shows medians, ratios against C and peak RSS.
#
# Needs GOEDIT_KSRC (scripts/ksrc.sh) and the go-edit binary (make build).
# RUNS sets the number of rounds (default 7).
set -eu
cd "$(dirname "$0")/.."
KSRC=${GOEDIT_KSRC:-}
if [ -z "$KSRC" ] || [ ! -f "$KSRC/Kconfig" ]; then
	echo "bench-kconfig: GOEDIT_KSRC is not a kernel tree; skipped"
	exit 0
fi
KSRC=$(cd "$KSRC" && pwd)
RUNS=${RUNS:-7}
BIN=$(pwd)/go-edit
[ -x "$BIN" ] || go build -o "$BIN" ./cmd/go-edit
WORK=$(pwd)/.cache/bench-kconfig
rm -rf "$WORK"
mkdir -p "$WORK/c" "$WORK/warm" "$WORK/cold" "$WORK/cache-warm"

# The input: Debian's amd64 configuration when installed, else x86_64_defconfig.
DEB=/usr/src/linux-config-6.1/config.amd64_none_amd64.xz
if [ -f "$DEB" ]; then
	xz -dc "$DEB" >"$WORK/input.config"
	INPUT="Debian config.amd64_none_amd64"
else
	cp "$KSRC/arch/x86/configs/x86_64_defconfig" "$WORK/input.config"
	INPUT="x86_64_defconfig"
fi

# Build conf out of tree (make defconfig builds it).
make -s -C "$KSRC" O="$WORK/c" ARCH=x86 defconfig >/dev/null
CONF="$WORK/c/scripts/kconfig/conf"

# conf gets from make: these exported variables (see the top Makefile).
CC_VERSION_TEXT=$(LC_ALL=C gcc --version 2>/dev/null | head -n 1 | tr -d '#')
VERSION=$(sed -n 's/^VERSION = //p' "$KSRC/Makefile" | head -1)
PATCHLEVEL=$(sed -n 's/^PATCHLEVEL = //p' "$KSRC/Makefile" | head -1)
SUBLEVEL=$(sed -n 's/^SUBLEVEL = //p' "$KSRC/Makefile" | head -1)
EXTRAVERSION=$(sed -n 's/^EXTRAVERSION = *//p' "$KSRC/Makefile" | head -1)
export KSRC WORK CONF BIN CC_VERSION_TEXT
export KV="$VERSION.$PATCHLEVEL.$SUBLEVEL$EXTRAVERSION"
# The timed commands are separate shells so that GNU time can run them.
RUN_C='cp "$WORK/input.config" "$WORK/c/.config" && cd "$WORK/c" &&
	env srctree="$KSRC" ARCH=x86 SRCARCH=x86 KERNELVERSION="$KV" \
	CC=gcc LD=ld AR=ar NM=nm OBJCOPY=objcopy OBJDUMP=objdump READELF=readelf STRIP=strip \
	RUSTC=rustc BINDGEN=bindgen PAHOLE=pahole HOSTCC=gcc CROSS_COMPILE= \
	CC_VERSION_TEXT="$CC_VERSION_TEXT" "$CONF" -s --olddefconfig Kconfig >/dev/null'
RUN_GO='cp "$WORK/input.config" "$WORK/$1/.config" &&
	if [ "$1" = cold ]; then rm -rf "$WORK/cache-cold"; fi &&
	XDG_CACHE_HOME="$WORK/cache-$1" "$BIN" kconfig --srctree "$KSRC" --arch x86 \
	--objtree "$WORK/$1" olddefconfig 2>/dev/null'
run_c() { sh -c "$RUN_C"; }
run_go() { sh -c "$RUN_GO" sh "$1"; }

TIMEV=""
if /usr/bin/time -f %M true >/dev/null 2>&1; then TIMEV=/usr/bin/time; fi
measure() { # $1: label, $2: script, $3: its argument; appends "wall_ms rss_kb cpu_ms" to $WORK/$1.times
	label=$1
	t0=$(date +%s%N)
	if [ -n "$TIMEV" ]; then
		$TIMEV -f "%M %U %S" -o "$WORK/rss" sh -c "$2" sh "${3:-}"
		set -- $(tail -1 "$WORK/rss")
		rss=$1
		cpu=$(awk -v u="$2" -v s="$3" 'BEGIN { printf "%d", (u + s) * 1000 }')
	else
		sh -c "$2" sh "${3:-}"
		rss=0
		cpu=0
	fi
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000000)) $rss $cpu" >>"$WORK/$label.times"
}

# Warm the cache once and check both tools agree before timing anything.
run_c
run_go warm
if ! cmp -s "$WORK/c/.config" "$WORK/warm/.config"; then
	echo "bench-kconfig: go-edit and conf disagree on $INPUT" >&2
	exit 1
fi

i=0
while [ $i -lt "$RUNS" ]; do
	measure c "$RUN_C"
	measure warm "$RUN_GO" warm
	measure cold "$RUN_GO" cold
	i=$((i + 1))
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
med() { cut -d' ' -f"$2" "$WORK/$1.times" | median; }
c_ms=$(med c 1)
c_cpu=$(med c 3)
printf '%s\n' "kconfig olddefconfig, full x86 tree, input $INPUT, $RUNS alternating runs (median)"
printf '%-28s %10s %8s %10s %8s %10s\n' "tool" "wall (ms)" "vs C" "CPU (ms)" "vs C" "peak RSS"
for l in c warm cold; do
	ms=$(med $l 1)
	kb=$(med $l 2)
	cpu=$(med $l 3)
	case $l in
	c) name="C conf (scripts/kconfig)" ;;
	warm) name="go-edit, probe cache warm" ;;
	cold) name="go-edit, probe cache cold" ;;
	esac
	ratio=$(awk -v a="$c_ms" -v b="$ms" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
	cratio=$(awk -v a="$c_cpu" -v b="$cpu" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }')
	if [ -n "$TIMEV" ]; then rss="$((kb / 1024)) MB"; else rss="n/a"; fi
	printf '%-28s %10s %8s %10s %8s %10s\n' "$name" "$ms" "$ratio" "$cpu" "$cratio" "$rss"
done
echo "(CPU = user + system time of the process and its children: the probes' compilers count)"
[ -n "$TIMEV" ] || echo "(peak RSS needs GNU time: apt-get install time)"
