package jsonenc

import (
	"cmp"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// A field is a struct field (possibly promoted from an embedded struct)
// that encoding/json writes.
type field struct {
	name        string
	quotedName  []byte // name as a JSON string
	tagged      bool   // the name comes from the json tag
	index       []int  // reflect.Value.FieldByIndex path, through embedded structs
	omitEmpty   bool
	unsupported string // why encoding/json would write this field differently
}

// fieldCache maps a struct type to its []*field: computing them walks
// every embedded struct, once per type rather than once per value.
var fieldCache sync.Map

func structFields(t reflect.Type) []*field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]*field)
	}
	fs, _ := fieldCache.LoadOrStore(t, typeFields(t))
	return fs.([]*field)
}

// typeFields lists the fields of struct type t that encoding/json
// encodes, in index order. It follows encoding/json's version of Go's
// embedding rules: embedded structs are searched breadth first; of
// several fields with one JSON name, the shallowest wins, a tagged one
// beating an untagged one at the same depth; a tie hides them all.
// (Fields are handled through pointers so that sorting them shares the
// binary's one instantiation of slices.SortFunc for pointers.)
func typeFields(t reflect.Type) []*field {
	type embedded struct {
		typ   reflect.Type
		index []int
	}
	var fields []*field
	visited := map[reflect.Type]bool{}
	level := []embedded{{typ: t}}
	var count map[reflect.Type]int // how often each struct of level was embedded
	for len(level) > 0 {
		var next []embedded
		nextCount := map[reflect.Type]int{}
		for _, s := range level {
			if visited[s.typ] {
				continue // a shallower copy already gave its fields
			}
			visited[s.typ] = true
			for i := range s.typ.NumField() {
				sf := s.typ.Field(i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if sf.Anonymous {
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validName(name) {
					name = ""
				}
				index := append(slices.Clone(s.index), i)
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					// An untagged embedded struct lends its fields
					// to the next level.
					nextCount[ft]++
					if nextCount[ft] == 1 {
						next = append(next, embedded{ft, index})
					}
					continue
				}
				f := &field{name: name, tagged: name != "", index: index, omitEmpty: hasOption(opts, "omitempty")}
				if name == "" {
					f.name = sf.Name
				}
				f.quotedName = appendString(nil, f.name)
				f.unsupported = unsupportedOption(opts, ft)
				fields = append(fields, f)
				if count[s.typ] > 1 {
					// The struct was embedded twice at this depth:
					// a second copy makes its names ambiguous below.
					fields = append(fields, f)
				}
			}
		}
		level, count = next, nextCount
	}

	slices.SortFunc(fields, func(a, b *field) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return +1
		}
		return slices.Compare(a.index, b.index)
	})
	out := fields[:0]
	for i := 0; i < len(fields); {
		j := i + 1
		for j < len(fields) && fields[j].name == fields[i].name {
			j++
		}
		first := fields[i]
		if j == i+1 || len(fields[i+1].index) > len(first.index) || fields[i+1].tagged != first.tagged {
			out = append(out, first)
		}
		i = j
	}
	slices.SortFunc(out, func(a, b *field) int { return slices.Compare(a.index, b.index) })
	return out
}

// validName reports whether a json tag's name is used; encoding/json
// falls back to the Go field name for others.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// hasOption reports whether the comma-separated tag options contain opt.
func hasOption(opts, opt string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == opt {
			return true
		}
	}
	return false
}

// unsupportedOption says which of the tag options would make
// encoding/json write a field of type ft differently from this package.
func unsupportedOption(opts string, ft reflect.Type) string {
	if hasOption(opts, "omitzero") {
		return "the omitzero tag option is not supported"
	}
	if hasOption(opts, "string") {
		switch ft.Kind() {
		case reflect.Bool, reflect.String,
			reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
			reflect.Float32, reflect.Float64:
			return "the string tag option is not supported"
		}
	}
	return ""
}
