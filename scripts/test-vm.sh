#!/bin/bash
# Runs the kprobe tests where kprobes exist: boots Debian's cloud kernel
# (KPROBES, BTF, fentry; no modules needed) under qemu and runs the bpf
# and probe command tests inside it, as root, in one boot per kernel
# (internal/vmtest). The kernel package is downloaded once and unpacked
# with dpkg -x into .cache/vm (gitignored), never installed.
# GOEDIT_VM_PACKAGE picks another kernel meta package, e.g.
# linux-image-6.12-cloud-amd64 (bookworm-security: has CONFIG_FPROBE,
# so kprobe.multi); each package has its own cache directory.
# Needs: qemu-system-x86, busybox-static, apt (Debian/Ubuntu).
# GOEDIT_VM_REQUIRED=1 turns a missing harness into a failure (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
meta=${GOEDIT_VM_PACKAGE:-linux-image-cloud-amd64}
cache=.cache/vm
if [ "$meta" != linux-image-cloud-amd64 ]; then
	cache=.cache/vm/$meta
fi
if ! compgen -G "$cache/root/boot/vmlinuz-*" >/dev/null; then
	mkdir -p "$cache"
	# The meta package names the current kernel image package.
	pkg=$(apt-cache depends "$meta" | awk '/Depends: linux-image-/ { print $2; exit }')
	pkg=${pkg:-$meta}
	(cd "$cache" && apt-get download "$pkg")
	dpkg -x "$cache/${pkg}"_*.deb "$cache/root"
fi
kernel=$(ls "$cache"/root/boot/vmlinuz-* | tail -n 1)
echo "kernel: $kernel"
GOEDIT_VM_KERNEL="$PWD/$kernel" CGO_ENABLED=0 go test -count=1 -timeout 25m -v ${GOEDIT_VM_RUN:+-run "$GOEDIT_VM_RUN"} ./internal/vmtest
