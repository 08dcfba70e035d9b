// Package jsontest holds the differential test of jsonenc against
// encoding/json: it fills values of any type from fuzz input and checks
// that both encoders write the same bytes. Only tests import it:
// encoding/json must stay out of go-edit's binary.
package jsontest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/go-edit/go-edit/internal/jsonenc"
)

// Check fails t unless jsonenc.Marshal and jsonenc's Encoder, indented and
// not, write exactly what encoding/json writes for v.
func Check(t testing.TB, v any) {
	t.Helper()
	want, werr := json.Marshal(v)
	got, gerr := jsonenc.Marshal(v)
	if werr != nil || gerr != nil {
		t.Fatalf("Marshal(%#v): encoding/json error %v, jsonenc error %v", v, werr, gerr)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Marshal(%#v):\n got %s\nwant %s", v, got, want)
	}
	for _, ind := range [][2]string{{"", ""}, {"", "  "}, {"> ", "\t"}} {
		var wb, gb bytes.Buffer
		we := json.NewEncoder(&wb)
		ge := jsonenc.NewEncoder(&gb)
		if ind != [2]string{} {
			we.SetIndent(ind[0], ind[1])
			ge.SetIndent(ind[0], ind[1])
		}
		werr, gerr := we.Encode(v), ge.Encode(v)
		if werr != nil || gerr != nil {
			t.Fatalf("Encode(%#v) indent %q: encoding/json error %v, jsonenc error %v", v, ind, werr, gerr)
		}
		if !bytes.Equal(gb.Bytes(), wb.Bytes()) {
			t.Fatalf("Encode(%#v) indent %q:\n got %s\nwant %s", v, ind, gb.Bytes(), wb.Bytes())
		}
	}
}

// New returns a *T filled from data by Fill.
func New[T any](data []byte) *T {
	p := new(T)
	Fill(reflect.ValueOf(p).Elem(), data)
	return p
}

// Fill sets the settable v from data: every byte steers one choice (nil
// or not, how many elements, which characters), so a fuzzer reaches every
// shape. Strings favour what JSON must escape: control characters, quotes,
// <>&, U+2028, U+2029 and bytes that are not UTF-8. Nesting stops at a
// few levels, and when data runs out every choice is the zero one.
// Floats, complex numbers, channels and functions stay zero: jsonenc
// does not encode them.
func Fill(v reflect.Value, data []byte) {
	f := &filler{data: data}
	f.fill(v, 0)
}

const maxDepth = 4

type filler struct{ data []byte }

func (f *filler) next() byte {
	if len(f.data) == 0 {
		return 0
	}
	b := f.data[0]
	f.data = f.data[1:]
	return b
}

// integer gives 0, a small number, or 64 bits from the input.
func (f *filler) integer() uint64 {
	switch b := f.next(); b % 4 {
	case 0:
		return 0
	case 1, 2:
		return uint64(int64(int8(f.next())))
	default:
		var x uint64
		for range 8 {
			x = x<<8 | uint64(f.next())
		}
		return x
	}
}

// pieces are the non-ASCII strings the filler puts in strings.
var pieces = []string{
	"\u2028", "\u2029", "é", "世界", "\U0001F600", "\ufffd",
	"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
}

func (f *filler) string() string {
	var b []byte
	for n := f.next() % 24; n > 0; n-- {
		c := f.next()
		if c < 0x80 {
			b = append(b, c) // every ASCII byte, controls and DEL included
		} else {
			b = append(b, pieces[int(c)%len(pieces)]...)
		}
	}
	return string(b)
}

func (f *filler) fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(f.next()&1 == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.integer())) // SetInt truncates to the kind's size
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(f.integer())
	case reflect.String:
		v.SetString(f.string())
	case reflect.Pointer:
		if depth < maxDepth && f.next()%3 != 0 {
			p := reflect.New(v.Type().Elem())
			f.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		b := f.next()
		if b%5 == 0 {
			return // nil
		}
		n := int(b % 4)
		if depth >= maxDepth {
			n = 0
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			f.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		b := f.next()
		if b%5 == 0 {
			return // nil
		}
		m := reflect.MakeMap(v.Type())
		for n := int(b % 4); n > 0 && depth < maxDepth; n-- {
			k := reflect.New(v.Type().Key()).Elem()
			f.fill(k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			f.fill(e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if fv := v.Field(i); fv.CanSet() {
				f.fill(fv, depth)
			}
		}
	case reflect.Interface:
		if v.NumMethod() > 0 || depth >= maxDepth {
			return
		}
		var x any
		switch f.next() % 7 {
		case 1:
			x = f.string()
		case 2:
			x = int(f.integer())
		case 3:
			x = f.next()&1 == 1
		case 4:
			x = f.make(reflect.TypeFor[[]any](), depth)
		case 5:
			x = f.make(reflect.TypeFor[map[string]any](), depth)
		case 6:
			x = f.make(reflect.TypeFor[*struct {
				A string `json:"a,omitempty"`
				B any    `json:"b"`
			}](), depth)
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	}
}

// make returns a filled value of type t, for an interface to hold.
func (f *filler) make(t reflect.Type, depth int) any {
	v := reflect.New(t).Elem()
	f.fill(v, depth+1)
	return v.Interface()
}
