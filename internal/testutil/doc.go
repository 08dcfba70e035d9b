// Package testutil holds what go-edit's tests share: finding the real
// kernel tree and other oracles, and skipping (or, in CI, failing) when they
// are absent.
package testutil
