// Package patch renders and reads git-style unified diffs: Render prints
// file changes exactly as `git diff` would, FormatPatch and FormatSeries
// wrap them in `git format-patch` mails, Stat and NumStat summarise them,
// and Parse and Apply read patches back and apply them strictly. It does no
// file I/O.
//
// # Same bytes as git
//
// The target is git 2.39 with core.abbrev=12 (the kernel's setting) and the
// Linux tree's .gitattributes (KernelDriver). The line diff follows xdiff,
// git's diff library, step by step: the records that have no match or too
// many matches are set aside before Myers' divide-and-conquer algorithm,
// which gives up on minimality past the same cost limits
// (Options.Minimal is `--minimal`); change groups are then slid as
// xdl_change_compact does, with the indent heuristic that git enables by
// default. Hunk headers carry the function line found by git's default
// rule or the built-in cpp and dts drivers, cut at 80 bytes and at the
// first invalid UTF-8 byte as git cuts them. The tests compare Render,
// Stat, NumStat and FormatSeries with git itself on random, kernel-tree and
// stress inputs.
//
// Known differences from git: Render and FormatPatch diff a file holding
// NUL bytes as text (git diff --text) where git prints "Binary files
// differ" or a binary patch; Stat and NumStat, like git's, still count it
// as binary ("Bin", "-"). Renames and copies are not detected (each File
// is one path), and whole-file rewrites are never summarised (no -B).
// Function lines are matched as git matches them in the C locale; in a
// UTF-8 locale git's regexps reject a cpp function line that is not valid
// UTF-8 (no .c or .h file of Linux 6.1 has such a line).
//
// # Reading patches
//
// Parse accepts what git apply and GNU patch accept, roughly:
//
//	patch     = { junk | file } .
//	file      = githeader | "--- " name NL "+++ " name NL { hunk } .
//	githeader = "diff --git " a b NL { extended } [ "--- " name NL "+++ " name NL { hunk } ] .
//	extended  = "old mode " | "new mode " | "new file mode " | "deleted file mode " |
//	            "rename from/to " | "copy from/to " | "similarity index " |
//	            "index " | "Binary files " | "GIT binary patch" ... NL .
//	hunk      = "@@ -" start [ "," count ] " +" start [ "," count ] " @@" [ section ] NL
//	            { ( " " | "-" | "+" ) text NL [ "\ No newline at end of file" NL ] } .
//
// Names may be C-quoted; "/dev/null" marks a created or deleted file; a
// tab ends a name (diff tools put a timestamp after it). Hunk lines are
// counted from the header, so text after the last hunk (a mail signature,
// say) is skipped. Errors are *Error values naming the patch line.
//
// Apply is as strict as `git apply`: context and removed lines must match
// byte for byte (CR and a missing final newline included); a hunk may be
// found at an offset from its stated line, but never fuzzily. Hunks
// without any context (-U0 patches, which git apply takes only with
// --unidiff-zero) are accepted and not anchored to the file's ends.
package patch
