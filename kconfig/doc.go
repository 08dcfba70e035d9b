// Package kconfig models the Linux Kconfig language and .config files as
// scripts/kconfig in Linux 6.1 does: parsing, evaluation and resolution.
package kconfig
