package bpf

import (
	"fmt"
	"strconv"
	"strings"
)

// A FormatField is one field of a tracepoint record, as the event's
// tracefs "format" file describes it.
type FormatField struct {
	Decl   string // "pid_t child_pid", "char comm[16]"
	Name   string
	Offset int
	Size   int
	Signed bool
}

// A Format is a tracepoint's record layout: its id and fields, the
// common_* header fields left out.
type Format struct {
	Name   string
	ID     int
	Fields []FormatField
}

// ParseFormat reads events/CATEGORY/NAME/format:
//
//	name: sched_process_fork
//	ID: 318
//	format:
//		field:unsigned short common_type;	offset:0;	size:2;	signed:0;
//		...
//		field:pid_t child_pid;	offset:44;	size:4;	signed:1;
//
//	print fmt: ...
func ParseFormat(data []byte) (*Format, error) {
	f := &Format{}
	for n, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(t, "name:"):
			f.Name = strings.TrimSpace(t[len("name:"):])
		case strings.HasPrefix(t, "ID:"):
			id, err := strconv.Atoi(strings.TrimSpace(t[len("ID:"):]))
			if err != nil {
				return nil, fmt.Errorf("format:%d: bad ID: %v", n+1, err)
			}
			f.ID = id
		case strings.HasPrefix(t, "field:"):
			fld, err := parseField(t)
			if err != nil {
				return nil, fmt.Errorf("format:%d: %v", n+1, err)
			}
			if !strings.HasPrefix(fld.Name, "common_") {
				f.Fields = append(f.Fields, fld)
			}
		}
	}
	if f.Name == "" {
		return nil, fmt.Errorf("format: no name line")
	}
	return f, nil
}

// parseField reads "field:DECL;\toffset:N;\tsize:N;\tsigned:N;".
func parseField(t string) (FormatField, error) {
	var fld FormatField
	for _, part := range strings.Split(t, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			continue
		}
		var err error
		switch k {
		case "field":
			fld.Decl = v
			fld.Name = declName(v)
		case "offset":
			fld.Offset, err = strconv.Atoi(v)
		case "size":
			fld.Size, err = strconv.Atoi(v)
		case "signed":
			fld.Signed = v == "1"
		}
		if err != nil {
			return fld, fmt.Errorf("field %q: %v", t, err)
		}
	}
	if fld.Name == "" || fld.Size <= 0 || fld.Offset < 0 {
		return fld, fmt.Errorf("bad field line %q", t)
	}
	return fld, nil
}

// declName is the identifier a declaration declares: "child_pid" in
// "pid_t child_pid", "comm" in "char comm[16]".
func declName(decl string) string {
	if i := strings.IndexByte(decl, '['); i >= 0 {
		decl = decl[:i]
	}
	decl = strings.TrimSpace(decl)
	j := len(decl)
	for j > 0 && isIdentByte(decl[j-1]) {
		j--
	}
	return decl[j:]
}

// Field finds a field by name.
func (f *Format) Field(name string) (FormatField, bool) {
	for _, fld := range f.Fields {
		if fld.Name == name {
			return fld, true
		}
	}
	return FormatField{}, false
}
