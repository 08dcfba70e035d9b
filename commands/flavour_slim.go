//go:build slim

package commands

// buildFlavour names the build in 'go-edit version': slim builds leave out
// 'go-edit probe' and cilium/ebpf.
const buildFlavour = ", slim"
