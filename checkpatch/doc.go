// Package checkpatch checks unified-diff patches against the Linux kernel's
// coding style the way scripts/checkpatch.pl (v6.1) does, reporting findings
// with checkpatch's own levels, type names and wording, and repairs the
// whitespace and alignment damage that mechanical rewrites cause.
//
// The checks run over a patch as checkpatch reads one: the mail header and
// commit message, then every hunk line, with added lines checked in the
// context of the lines around them. Each check mirrors one condition of
// checkpatch.pl and is written from that description, not translated from
// its source; [Types] lists the implemented types. Regular expressions that
// checkpatch builds from Perl-only constructs (recursion, look-around,
// back-references) are replaced here by small hand-written scanners.
//
// Differences from checkpatch.pl:
//   - Types learned from the file while checking (checkpatch's "possible
//     types") are not learned; only the built-in type list is known.
//   - Checks that need checkpatch's multi-line statement model (ASSIGN_IN_IF,
//     RETURN_PARENTHESES, ALLOC_WITH_MULTIPLY) look at the statement only
//     when it ends on the line where it starts.
//   - Operator spacing covers ',', ';', '->', '!', '~', '++', '--' and the
//     assignment, comparison and logical operators; the unary-or-binary
//     cases ('*', '&', '-', '+', '<<', ...) and '?', ':' are not checked.
package checkpatch
