// Package kconfig reads Linux Kconfig trees and .config files and
// computes symbol values exactly as scripts/kconfig in Linux 6.1 does:
// macro preprocessing, parsing, menu-tree finalisation, tristate
// evaluation with select/imply/choices, and byte-identical .config
// output. It has no global state; the $(shell,...) runner is injected
// through Env so tests can fake the toolchain.
package kconfig
