package jsonenc

import (
	"encoding"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// Marshal returns the JSON encoding of v, as json.Marshal does.
func Marshal(v any) ([]byte, error) {
	e := &encoder{}
	if err := e.value(reflect.ValueOf(v)); err != nil {
		return nil, err
	}
	return e.buf, nil
}

// An Encoder writes JSON values to an output stream, as json.Encoder does.
type Encoder struct {
	w              io.Writer
	prefix, indent string
}

// NewEncoder returns an encoder that writes to w.
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// SetIndent makes Encode indent as json.Encoder.SetIndent (and
// json.Indent) do: each element of a non-empty object or array on a new
// line starting with prefix and one indent per level of nesting.
func (enc *Encoder) SetIndent(prefix, indent string) {
	enc.prefix, enc.indent = prefix, indent
}

// Encode writes the JSON encoding of v followed by a newline. On error,
// nothing is written.
func (enc *Encoder) Encode(v any) error {
	e := &encoder{prefix: enc.prefix, indent: enc.indent}
	e.indented = enc.prefix != "" || enc.indent != ""
	if err := e.value(reflect.ValueOf(v)); err != nil {
		return err
	}
	_, err := enc.w.Write(append(e.buf, '\n'))
	return err
}

// An UnsupportedTypeError is returned when encoding a value whose
// encoding/json form this package does not produce.
type UnsupportedTypeError struct {
	Type reflect.Type
	Why  string // "" for types JSON cannot hold at all
}

func (e *UnsupportedTypeError) Error() string {
	if e.Why != "" {
		return "jsonenc: unsupported type " + e.Type.String() + ": " + e.Why
	}
	return "jsonenc: unsupported type: " + e.Type.String()
}

// An UnsupportedValueError is returned for a cyclic value.
type UnsupportedValueError struct {
	Value reflect.Value
	Str   string
}

func (e *UnsupportedValueError) Error() string { return "jsonenc: unsupported value: " + e.Str }

// marshalerJSON is json.Marshaler, declared here so that types with a
// MarshalJSON method can be refused instead of encoded differently.
type marshalerJSON interface {
	MarshalJSON() ([]byte, error)
}

var (
	marshalerType     = reflect.TypeFor[marshalerJSON]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// cycleCheckDepth is how deep pointers, maps and slices may nest before
// the encoder starts remembering them to detect cycles; encoding/json
// uses the same threshold so the common, shallow case stays cheap.
const cycleCheckDepth = 1000

// cycleKey identifies a pointer, map or slice being encoded.
type cycleKey struct {
	typ reflect.Type
	ptr unsafe.Pointer
	len int
}

type encoder struct {
	buf            []byte
	indented       bool
	prefix, indent string
	nesting        int // open objects and arrays, for indentation
	refDepth       int // pointers, maps and slices being encoded
	seen           map[cycleKey]bool
}

// value encodes v, choosing the encoding as encoding/json does: a
// MarshalJSON method (refused), then MarshalText (through the address
// when the value is addressable and only the pointer has the method),
// then the kind.
func (e *encoder) value(v reflect.Value) error {
	if !v.IsValid() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	t := v.Type()
	addressable := t.Kind() != reflect.Pointer && v.CanAddr()
	if t.Implements(marshalerType) || addressable && reflect.PointerTo(t).Implements(marshalerType) {
		return &UnsupportedTypeError{t, "MarshalJSON methods are not supported"}
	}
	if addressable && reflect.PointerTo(t).Implements(textMarshalerType) {
		return e.text(v.Addr())
	}
	if t.Implements(textMarshalerType) {
		return e.text(v)
	}
	switch t.Kind() {
	case reflect.Bool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.buf = strconv.AppendInt(e.buf, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.buf = strconv.AppendUint(e.buf, v.Uint(), 10)
	case reflect.String:
		e.buf = appendString(e.buf, v.String())
	case reflect.Interface:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		return e.value(v.Elem())
	case reflect.Pointer:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		k, err := e.enter(v, 0)
		if err != nil {
			return err
		}
		defer e.leave(k)
		return e.value(v.Elem())
	case reflect.Struct:
		return e.structValue(v)
	case reflect.Map:
		return e.mapValue(v)
	case reflect.Slice:
		if v.IsNil() {
			e.buf = append(e.buf, "null"...)
			return nil
		}
		if elem := reflect.PointerTo(t.Elem()); t.Elem().Kind() == reflect.Uint8 &&
			!elem.Implements(marshalerType) && !elem.Implements(textMarshalerType) {
			return &UnsupportedTypeError{t, "encoding/json would write base64"}
		}
		k, err := e.enter(v, v.Len())
		if err != nil {
			return err
		}
		defer e.leave(k)
		return e.array(v)
	case reflect.Array:
		return e.array(v)
	default:
		return &UnsupportedTypeError{Type: t}
	}
	return nil
}

// text writes m's MarshalText result as a JSON string; a nil pointer or
// interface is null.
func (e *encoder) text(v reflect.Value) error {
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil {
		return err
	}
	e.buf = appendString(e.buf, string(b))
	return nil
}

// enter notes that the pointer, map or slice v is being encoded and
// fails once it shows up inside itself. Like encoding/json it only keeps
// track past cycleCheckDepth levels.
func (e *encoder) enter(v reflect.Value, n int) (cycleKey, error) {
	e.refDepth++
	if e.refDepth <= cycleCheckDepth {
		return cycleKey{}, nil
	}
	k := cycleKey{v.Type(), v.UnsafePointer(), n}
	if e.seen[k] {
		return k, &UnsupportedValueError{v, "encountered a cycle via " + v.Type().String()}
	}
	if e.seen == nil {
		e.seen = map[cycleKey]bool{}
	}
	e.seen[k] = true
	return k, nil
}

func (e *encoder) leave(k cycleKey) {
	if e.refDepth > cycleCheckDepth {
		delete(e.seen, k)
	}
	e.refDepth--
}

// array writes the elements of a slice or array.
func (e *encoder) array(v reflect.Value) error {
	e.open('[')
	for i := range v.Len() {
		e.element(i)
		if err := e.value(v.Index(i)); err != nil {
			return err
		}
	}
	e.close(']', v.Len())
	return nil
}

// mapValue writes a map with its keys sorted as encoding/json sorts
// them: by their string form, byte-wise.
func (e *encoder) mapValue(v reflect.Value) error {
	if v.IsNil() {
		e.buf = append(e.buf, "null"...)
		return nil
	}
	kt := v.Type().Key()
	switch kt.Kind() {
	case reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
	default:
		if !kt.Implements(textMarshalerType) {
			return &UnsupportedTypeError{Type: v.Type()}
		}
	}
	k, err := e.enter(v, 0)
	if err != nil {
		return err
	}
	defer e.leave(k)
	type entry struct {
		key string
		val reflect.Value
	}
	entries := make([]*entry, 0, v.Len()) // pointers: see typeFields
	for it := v.MapRange(); it.Next(); {
		key, err := keyString(it.Key())
		if err != nil {
			return err
		}
		entries = append(entries, &entry{key, it.Value()})
	}
	slices.SortFunc(entries, func(a, b *entry) int { return strings.Compare(a.key, b.key) })
	e.open('{')
	for i, kv := range entries {
		e.element(i)
		e.buf = appendString(e.buf, kv.key)
		e.colon()
		if err := e.value(kv.val); err != nil {
			return err
		}
	}
	e.close('}', len(entries))
	return nil
}

// keyString is a map key's name: a string as it is, a TextMarshaler's
// text, an integer in decimal (the order encoding/json tries them in).
func keyString(k reflect.Value) (string, error) {
	if k.Kind() == reflect.String {
		return k.String(), nil
	}
	if k.Type().Implements(textMarshalerType) {
		if k.Kind() == reflect.Pointer && k.IsNil() {
			return "", nil
		}
		b, err := k.Interface().(encoding.TextMarshaler).MarshalText()
		return string(b), err
	}
	if k.CanInt() {
		return strconv.FormatInt(k.Int(), 10), nil
	}
	return strconv.FormatUint(k.Uint(), 10), nil
}

// structValue writes the fields that encoding/json would write, in
// declaration order.
func (e *encoder) structValue(v reflect.Value) error {
	n := 0
	e.open('{')
fields:
	for _, f := range structFields(v.Type()) {
		if f.unsupported != "" {
			return &UnsupportedTypeError{v.Type(), f.unsupported}
		}
		fv := v
		for _, i := range f.index {
			if fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					continue fields // a field of a nil embedded pointer
				}
				fv = fv.Elem()
			}
			fv = fv.Field(i)
		}
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		e.element(n)
		n++
		e.buf = append(e.buf, f.quotedName...)
		e.colon()
		if err := e.value(fv); err != nil {
			return err
		}
	}
	e.close('}', n)
	return nil
}

// isEmpty is omitempty's test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0 // -0 too, unlike IsZero
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// open starts an object or array.
func (e *encoder) open(c byte) {
	e.buf = append(e.buf, c)
	e.nesting++
}

// element starts the i'th member of the innermost object or array.
func (e *encoder) element(i int) {
	if i > 0 {
		e.buf = append(e.buf, ',')
	}
	e.newline(e.nesting)
}

// colon separates a member's name from its value.
func (e *encoder) colon() {
	e.buf = append(e.buf, ':')
	if e.indented {
		e.buf = append(e.buf, ' ')
	}
}

// close ends an object or array of n members; empty ones stay on one
// line, as json.Indent leaves them.
func (e *encoder) close(c byte, n int) {
	e.nesting--
	if n > 0 {
		e.newline(e.nesting)
	}
	e.buf = append(e.buf, c)
}

func (e *encoder) newline(depth int) {
	if !e.indented {
		return
	}
	e.buf = append(e.buf, '\n')
	e.buf = append(e.buf, e.prefix...)
	for range depth {
		e.buf = append(e.buf, e.indent...)
	}
}
