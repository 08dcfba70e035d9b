package jsonenc_test

import (
	"reflect"
	"testing"

	"github.com/go-edit/go-edit/bpf"
	"github.com/go-edit/go-edit/checkpatch"
	"github.com/go-edit/go-edit/internal/jsonenc/jsontest"
	"github.com/go-edit/go-edit/kconfig"
)

// Types with encoding/json's harder embedding rules, which go-edit's own
// types do not exercise.
type (
	Deep1 struct {
		X int `json:"x"`
		Deep2
	}
	Deep2 struct {
		X int
		Y int `json:"y"`
	}
	Twin1  struct{ T int }
	Twin2  struct{ T int }
	Same   struct{ S int }
	Left   struct{ Same }
	Right  struct{ Same }
	embeds struct {
		*Deep1
		Twin1
		Twin2
		Left
		Right
		Y string
		//lint:ignore U1000 encoding/json skips an unexported embedded non-struct
		level
		//lint:ignore U1000 but not an unexported embedded struct pointer
		*ptrText `json:"pt"`
	}
	kinds struct {
		I   int
		I8  int8
		I16 int16
		I32 int32
		I64 int64
		U   uint
		U8  uint8
		U16 uint16
		U32 uint32
		U64 uint64
		UP  uintptr
		B   bool `json:",omitempty"`
		Arr [3]int8
		Any any `json:"any,omitempty"`
		Mi  map[int16]string
		Mu  map[uint8]*string `json:",omitempty"`
		Mt  map[level]bool
		Lv  []level
		Pt  []ptrText
		Ptp *ptrText
		N   *node
	}
)

// roots are the types whose encoding is compared: everything go-edit
// prints as JSON from these packages, and the shapes above. (commands
// checks its own unexported report types the same way.)
var roots = []reflect.Type{
	reflect.TypeFor[[]checkpatch.Finding](),
	reflect.TypeFor[*kconfig.Why](),
	reflect.TypeFor[[]kconfig.Failure](),
	reflect.TypeFor[[]kconfig.Match](),
	reflect.TypeFor[[]kconfig.Change](),
	reflect.TypeFor[[]kconfig.Assignment](),
	reflect.TypeFor[*bpf.Results](),
	reflect.TypeFor[[]bpf.Finding](),
	reflect.TypeFor[[]embeds](),
	reflect.TypeFor[kinds](),
	reflect.TypeFor[map[string]any](),
}

func check(t *testing.T, data []byte) {
	for _, typ := range roots {
		v := reflect.New(typ)
		jsontest.Fill(v.Elem(), data)
		jsontest.Check(t, v.Elem().Interface()) // not addressable
		jsontest.Check(t, v.Interface())        // addressable through the pointer
	}
}

var seeds = []string{
	"",
	"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f",
	"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0",
	"\x17<>&\"\\\x00\x1f\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b",
	"\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03",
}

// TestMatchesEncodingJSON runs the fuzz check over fixed pseudo-random
// inputs, so that plain go test covers deep values of every type.
func TestMatchesEncodingJSON(t *testing.T) {
	data := make([]byte, 4096)
	x := uint32(1)
	for i := range 300 {
		for j := range data {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			data[j] = byte(x)
		}
		check(t, data[:(i*37)%len(data)])
	}
}

// FuzzMarshal: jsonenc writes what encoding/json writes for every value
// of every type go-edit prints.
func FuzzMarshal(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(check)
}
