//go:build !slim

package commands

// buildFlavour names the build in 'go-edit version'.
const buildFlavour = ""
