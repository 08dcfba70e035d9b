package commands

import (
	"reflect"
	"testing"

	"github.com/go-edit/go-edit/internal/jsonenc/jsontest"
)

// TestJSONReportsMatchEncodingJSON: the --json reports, written with
// jsonenc, are byte for byte what encoding/json would write, for values
// filled from pseudo-random bytes (strings with control characters, HTML
// characters and bytes that are not UTF-8; nil and empty slices).
func TestJSONReportsMatchEncodingJSON(t *testing.T) {
	types := []reflect.Type{
		reflect.TypeFor[changeJSON](),
		reflect.TypeFor[printOutJSON](),
		reflect.TypeFor[[]checkReport](),
		reflect.TypeFor[[]symbolInfo](),
	}
	data := make([]byte, 2048)
	x := uint64(88172645463325252)
	for i := range 200 {
		for j := range data {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			data[j] = byte(x)
		}
		for _, typ := range types {
			v := reflect.New(typ)
			jsontest.Fill(v.Elem(), data[:(i*53)%len(data)])
			jsontest.Check(t, v.Elem().Interface())
		}
	}
}
