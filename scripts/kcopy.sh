#!/bin/sh
# Prints the path of a writable copy of the Linux 6.1 tree, named NAME, reset
# to the pristine commit. Tests and benchmarks that write use it so the shared
# tree from scripts/ksrc.sh stays untouched.
set -eu
[ $# -eq 1 ] || { echo "usage: kcopy.sh NAME" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
src=$("$top/scripts/ksrc.sh")
dest="$top/.cache/work-$1"
exec 9>"$dest.lock"
flock 9
if [ ! -d "$dest/.git" ]; then
	rm -rf "$dest"
	git clone -q --shared "$src" "$dest"
else
	git -C "$dest" reset -q --hard
	git -C "$dest" clean -q -fdx
fi
echo "$dest"
