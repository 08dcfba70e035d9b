#!/bin/bash
# Runs the function probe tests where kprobes and fentry exist: boots
# Debian's cloud kernel (KPROBES, BTF, BPF trampolines; no modules
# needed) under qemu and runs the bpf and probe command tests inside it,
# as root, in one boot per kernel (internal/vmtest). Each kernel package
# is downloaded once and unpacked with dpkg -x into .cache/vm
# (gitignored), never installed.
# GOEDIT_VM_PACKAGE lists the kernel meta packages to boot, one after
# the other (default linux-image-cloud-amd64, bookworm's 6.1); add
# linux-image-6.12-cloud-amd64 (bookworm-security, CONFIG_FPROBE) to
# test kprobe.multi too. GOEDIT_VM_BPF_RUN and GOEDIT_VM_CMD_RUN narrow
# the guest's -test.run patterns; GOEDIT_VM_BPF_ARGS adds flags to the
# guest's bpf.test (e.g. -test.bench).
# Needs: qemu-system-x86, busybox-static, apt (Debian/Ubuntu).
# GOEDIT_VM_REQUIRED=1 turns a missing harness into a failure (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
for meta in ${GOEDIT_VM_PACKAGE:-linux-image-cloud-amd64}; do
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
done
