//go:build !race

package samre

const raceEnabled = false
