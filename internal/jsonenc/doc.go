// Package jsonenc writes Go values as JSON, byte for byte as encoding/json
// does, for the shapes go-edit prints, at a fraction of encoding/json's
// binary size.
//
// encoding/json adds about 380 KB to a static binary; go-edit links
// reflect anyway (fmt needs it), so this reflect-based encoder costs
// little. It never calls reflect.Value.Method or MethodByName: either one
// makes the linker keep every exported method of every reachable type.
//
// What is encoded as encoding/json encodes it:
//
//   - structs, with the `json:"name"`, `json:"name,omitempty"` and
//     `json:"-"` tags, embedded structs (and pointers to them) promoted by
//     encoding/json's rules, omitempty's notion of empty (false, 0, "",
//     nil pointer or interface, empty slice, array, map or string);
//   - bool, string and every integer kind; strings are escaped as
//     encoding/json escapes them, HTML characters included (<, >, & become
//     \u003c, \u003e, \u0026; U+2028 and U+2029 are escaped; a byte that
//     is not UTF-8 becomes \ufffd);
//   - slices and arrays (a nil slice is null), maps whose keys are strings,
//     integers or encoding.TextMarshalers (keys sorted), pointers and
//     interfaces (nil is null);
//   - values whose type implements encoding.TextMarshaler, written as the
//     JSON string of their text (a String method is ignored, as
//     encoding/json ignores it).
//
// Everything else is an *UnsupportedTypeError rather than output that
// might differ from encoding/json: floats, complex numbers, channels,
// functions, []byte (which encoding/json writes in base64), types with a
// MarshalJSON method, and the ",string" and ",omitzero" tag options.
//
// The package's tests compare its output with encoding/json's on
// generated values of every type go-edit prints (see package jsontest).
package jsonenc
