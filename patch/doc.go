// Package patch renders and reads git-style unified diffs: Render prints
// file changes exactly as `git diff` would, FormatPatch wraps them in a
// `git format-patch` mail, Stat and NumStat summarise them, and Parse and
// Apply read patches back and apply them strictly. It does no file I/O.
package patch
