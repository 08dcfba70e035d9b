// Package checkpatch checks unified-diff patches against the Linux kernel's
// coding style the way scripts/checkpatch.pl (v6.1) does, reporting findings
// with checkpatch's own levels, type names and wording, and repairs the
// whitespace and alignment damage that mechanical rewrites cause.
//
// The checks run over a patch as checkpatch reads one: the mail header and
// commit message, then every hunk line, with added lines checked in the
// context of the lines around them. The rule table (rules.go) has one row
// per checkpatch condition, in checkpatch's order, each written from the
// condition's description, not translated from its source; Types lists the
// implemented types. Patterns that checkpatch builds from Perl-only
// constructs (recursion, look-around, back-references) are replaced by small
// scanners. Like checkpatch, the checker annotates C lines with value types
// (to tell a unary '*' from a binary one) and learns type names from the
// declarations and casts it reads.
//
// Patterns are data (lazyRegexp values, compiled on first use) and name
// the pieces they share as checkpatch does ($Type, $Ident). Each run
// first looks for literals that every match contains, and the hottest
// ones sit behind cheap hand-written tests or are replaced by small
// scanners; operators_test.go holds every such shortcut to its pattern on
// random text. On a large patch the ordered walk (type learning and value
// annotation, whose state runs from line to line) hands chunks of files
// to parallel rule walks as it passes them.
//
// Check reports on a patch; Introduced compares an edit's new lines with its
// old ones (what go-edit exec --check refuses); Fix repairs an edit's
// whitespace, continuation alignment and line length (exec --fix).
//
// Differences from checkpatch.pl:
//   - checkpatch's multi-line statement scanner is approximated: a line
//     starts a statement when the line before it ended one, and statements
//     are read up to their ';'. Checks that need more (SUSPECT_CODE_INDENT,
//     BRACES, macro checks) are not implemented.
//   - Only one-word type names are learned; checkpatch also learns
//     modifiers from declarations like "__foo unsigned x".
//   - Types not in Types() are not reported at all (see --list-types).
package checkpatch
