#!/bin/sh
# Prepares the Linux 6.1 tree that integration tests and benchmarks run
# against, and prints its path.
#
# The tree comes from Debian's linux-source-6.1 package, is unpacked under
# the gitignored .cache/ folder and made a git checkout, so tests can compare
# with git diff and reset it. Debian appends "/*" and "!/debian/" to the
# top-level .gitignore; those lines are dropped. "git add -A -f" keeps the
# kernel's own dot files, which its ".*" rule would otherwise leave out.
#
# The tree is shared and must stay pristine: a test that writes makes its own
# copy (scripts/kcopy.sh NAME).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=${GOEDIT_KSRC:-$top/.cache/linux-6.1}
tarball=/usr/src/linux-source-6.1.tar.xz

if [ -f "$dest.ready" ]; then
	echo "$dest"
	exit 0
fi
mkdir -p "$(dirname "$dest")"
exec 9>"$dest.lock"
flock 9
if [ -f "$dest.ready" ]; then
	echo "$dest"
	exit 0
fi
if [ ! -f "$tarball" ]; then
	echo "ksrc: installing linux-source-6.1" >&2
	apt-get install -y -q --no-install-recommends linux-source-6.1 >&2
fi
rm -rf "$dest" "$dest.ready"
tmp="$dest.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
echo "ksrc: unpacking $tarball" >&2
tar -xJf "$tarball" -C "$tmp" --strip-components=1
sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' "$tmp/.gitignore"
(
	cd "$tmp"
	git init -q
	git add -A -f
	git -c user.name=go-edit -c user.email=go-edit@localhost \
		commit -q -m "Linux 6.1 from Debian's linux-source-6.1"
)
touch "$dest.ready"
mv "$tmp" "$dest"
echo "$dest"
