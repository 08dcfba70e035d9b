package jsonenc_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/jsonenc"
)

type level int

// MarshalText gives distinct levels distinct names: encoding/json's order
// of equal map keys is not defined.
func (l level) MarshalText() ([]byte, error) {
	if l == 0 {
		return []byte("low"), nil
	}
	return []byte("<" + strconv.Itoa(int(l)) + ">"), nil
}

type ptrText struct{ n int }

func (p *ptrText) MarshalText() ([]byte, error) { return []byte(strings.Repeat("x", p.n)), nil }

type stringer int

func (stringer) String() string { return "never used" }

type withJSON struct{}

func (withJSON) MarshalJSON() ([]byte, error) { return []byte(`"custom"`), nil }

type Inner struct {
	A int    `json:"a"`
	B string `json:"b,omitempty"`
	C int
}

type outer struct {
	Inner
	C    string `json:"c"`
	Skip int    `json:"-"`
	//lint:ignore SA5008 "-," names a field "-", the case under test
	Dash int `json:"-,"`
	bad  int
}

type node struct {
	Name string  `json:"name"`
	Kids []*node `json:"kids,omitempty"`
}

type opts struct {
	S  string         `json:"s,omitempty"`
	I  int8           `json:"i,omitempty"`
	U  uint16         `json:"u,omitempty"`
	B  bool           `json:"b,omitempty"`
	P  *int           `json:"p,omitempty"`
	X  any            `json:"x,omitempty"`
	L  []string       `json:"l,omitempty"`
	M  map[string]int `json:"m,omitempty"`
	A  [0]int         `json:"a,omitempty"`
	St struct{}       `json:"st,omitempty"` // structs are never empty
	//lint:ignore SA5008 an invalid name, the case under test: the Go name is used
	Bad int `json:"it's"`
	Sp  int `json:"a b,omitempty"`
}

// TestMarshal pins the output for each shape; the expected strings are
// what encoding/json writes (jsontest checks the same values against it).
func TestMarshal(t *testing.T) {
	one := 1
	cyc := &node{Name: "loop"}
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, `null`},
		{"bool", true, `true`},
		{"int kinds", []any{int8(-128), int16(-1), int32(7), int64(-1 << 63), uint8(255), uint64(1<<64 - 1), uintptr(9)},
			`[-128,-1,7,-9223372036854775808,255,18446744073709551615,9]`},
		{"escapes", "a\"b\\c\n\r\t\b\f\x00\x1f\x7f", `"a\"b\\c\n\r\t\b\f\u0000\u001f` + "\x7f" + `"`},
		{"html", "<a href='x'>&</a>", `"\u003ca href='x'\u003e\u0026\u003c/a\u003e"`},
		{"line separators", "a\u2028b\u2029c\u2027", `"a\u2028b\u2029c` + "\u2027" + `"`},
		{"invalid utf8", "a\xffb\xe2\x80c\xed\xa0\x80", `"a\ufffdb\ufffd\ufffdc\ufffd\ufffd\ufffd"`},
		{"utf8", "é世😀", `"é世😀"`},
		{"nil slice", []int(nil), `null`},
		{"empty slice", []int{}, `[]`},
		{"array", [2]bool{true}, `[true,false]`},
		{"map sorted", map[string]int{"b": 1, "a": 2, "<": 3}, `{"\u003c":3,"a":2,"b":1}`},
		{"int keys", map[int]bool{10: true, 9: false, -1: true}, `{"-1":true,"10":true,"9":false}`},
		{"text keys", map[level]int{1: 1, 0: 0}, `{"\u003c1\u003e":1,"low":0}`},
		{"nil map", map[string]int(nil), `null`},
		{"pointer", &one, `1`},
		{"nil pointer", (*int)(nil), `null`},
		{"interface", []any{nil, "s", 2}, `[null,"s",2]`},
		{"text marshaler", []level{0, 1}, `["low","\u003c1\u003e"]`},
		{"pointer receiver, addressable", []ptrText{{2}}, `["xx"]`},
		{"pointer receiver, not addressable", ptrText{2}, `{}`},
		{"stringer ignored", stringer(3), `3`},
		{"embedded and tags", outer{Inner: Inner{A: 1, C: 2}, C: "top", Skip: 3, Dash: 4, bad: 5}, `{"a":1,"C":2,"c":"top","-":4}`},
		{"omitempty zero", opts{}, `{"st":{},"Bad":0}`},
		{"omitempty set", opts{S: "s", I: -1, U: 1, B: true, P: new(int), X: 0, L: []string{""}, M: map[string]int{"": 0}, Sp: 1},
			`{"s":"s","i":-1,"u":1,"b":true,"p":0,"x":0,"l":[""],"m":{"":0},"st":{},"Bad":0,"a b":1}`},
		{"omitempty empty map", opts{M: map[string]int{}}, `{"st":{},"Bad":0}`},
		{"tree", &node{"a", []*node{{"b", nil}, nil}}, `{"name":"a","kids":[{"name":"b"},null]}`},
		{"cycle", func() any { cyc.Kids = []*node{cyc}; return cyc }(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if want, err := json.Marshal(tt.in); err == nil && string(want) != tt.want {
				t.Fatalf("encoding/json writes %s: the test is wrong", want)
			}
			got, err := jsonenc.Marshal(tt.in)
			if tt.want == "" {
				var uv *jsonenc.UnsupportedValueError
				if !errors.As(err, &uv) {
					t.Fatalf("got %s, %v; want an UnsupportedValueError", got, err)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Errorf("got %s, %v\nwant %s", got, err, tt.want)
			}
		})
	}
}

// TestUnsupported: what encoding/json would write differently is an
// error, not different output.
func TestUnsupported(t *testing.T) {
	tests := []struct {
		name string
		in   any
	}{
		{"float", 1.5},
		{"float field", struct{ F float64 }{}},
		{"bytes", []byte("x")},
		{"chan", make(chan int)},
		{"func", func() {}},
		{"complex", 1i},
		{"MarshalJSON", withJSON{}},
		{"MarshalJSON in slice", []withJSON{{}}},
		{"string option", struct {
			N int `json:"n,string"`
		}{}},
		{"omitzero", struct {
			N int `json:"n,omitzero"`
		}{}},
		{"map key", map[bool]int{true: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := jsonenc.Marshal(tt.in)
			var ut *jsonenc.UnsupportedTypeError
			if !errors.As(err, &ut) {
				t.Fatalf("got %s, %v; want an UnsupportedTypeError", got, err)
			}
			var b bytes.Buffer
			if err := jsonenc.NewEncoder(&b).Encode(tt.in); err == nil || b.Len() > 0 {
				t.Errorf("Encode wrote %q, error %v; want nothing and an error", b.Bytes(), err)
			}
		})
	}
}

func TestEncoderIndent(t *testing.T) {
	v := map[string]any{
		"list":  []any{1, map[string]any{}, []int{}, opts{S: "x"}},
		"empty": struct{}{},
	}
	var b bytes.Buffer
	enc := jsonenc.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode("second"); err != nil {
		t.Fatal(err)
	}
	want := `{
  "empty": {},
  "list": [
    1,
    {},
    [],
    {
      "s": "x",
      "st": {},
      "Bad": 0
    }
  ]
}
"second"
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
