// Package vmtest runs go-edit's privileged tests inside a throwaway
// kernel under qemu: it writes an initramfs (busybox, the statically
// built test binary, an /init script), boots the kernel with TCG on qemu's
// pc machine, and reads the guest's go test -v output back from a
// second serial port.
package vmtest
