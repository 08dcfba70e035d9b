// Package bpf checks patches against a running kernel with eBPF: a pure
// planning layer that reads patches and BTF, and a privileged layer that
// attaches probes.
package bpf
