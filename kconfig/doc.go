// Package kconfig reads Linux Kconfig trees and .config files and computes
// symbol values exactly as scripts/kconfig of Linux 6.1 does, so that the
// configurations it writes are byte-identical to conf's.
//
// The pipeline follows the C implementation step by step:
//
//   - preprocess.go: the macro language (variables, user functions,
//     $(shell,...), $(info,...), $(warning-if,...), $(error-if,...),
//     $(filename), $(lineno)), expanded while lexing (preprocess.c);
//   - lexer.go, parser.go: tokens, help blocks, `NAME = value`
//     assignments and the grammar of parser.y, building the menu tree with
//     the actions of menu.c (menu_add_entry, menu_add_prompt, ...);
//   - menu.go: menu_finalize (dependency propagation, select/imply reverse
//     dependencies, implicit submenus, if flattening, choice membership)
//     and the recursive-dependency check;
//   - symbol.go, expr.go: sym_calc_value and expr_calc_value, with the
//     same flags and evaluation order (tristate logic, visibility, m->y
//     promotion, choices, ranges, comparisons by operand type);
//   - confdata.go: conf_read, conf_write, conf_write_defconfig and the
//     defconfig choice pinning of conf.c;
//   - env.go, open.go: the environment the top Makefile gives conf
//     (srctree, ARCH/SRCARCH, KERNELVERSION, toolchain names, CLANG_FLAGS,
//     CC_VERSION_TEXT) and a per-toolchain cache of $(shell,...) results;
//   - set.go, withdeps.go, explain.go, diff.go: what go-edit adds: set as
//     a set with refusals that explain themselves, a greedy dependency
//     search, explanations, search, and scripts/diffconfig.
//
// The package has no global state. The $(shell,...) runner is injected
// through Env.Shell (ExecShell runs /bin/sh; CachedShell remembers
// answers), and a tree can come from an fs.FS.
//
// Differences from the C tools, none of which changes a .config:
// include/config/auto.conf, autoconf.h and rustc_cfg are not written;
// a missing .config starts from defaults instead of searching
// KCONFIG_DEFCONFIG_LIST (the host's /boot/config-*); the CONFIG_ prefix
// cannot be changed through the environment; warnings are collected in
// Config.Warnings instead of printed; and symbols are visited in creation
// order rather than hash order, which only matters for the order of
// warnings.
package kconfig
