package bpf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// FuzzPlan: any patch either fails to parse or gives a plan whose items
// all sit on a line of a named file, and analysing it twice gives the
// same dump.
func FuzzPlan(f *testing.F) {
	files, _ := filepath.Glob("../testdata/bpf/*/*.txtar")
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range ar.Files {
			if s.Name == "patch" {
				f.Add(unquoteDiff(s.Data))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		pl, err := ParsePlan(data)
		if err != nil {
			return
		}
		check := func(p Pos) {
			if p.File == "" || p.Line < 1 || p.Col < 0 {
				t.Fatalf("bad position %+v", p)
			}
		}
		for _, fn := range pl.Funcs {
			check(fn.Pos)
			if fn.Name == "" {
				t.Fatal("function without a name")
			}
		}
		for _, c := range pl.Calls {
			check(c.Pos)
		}
		for _, fr := range pl.Fields {
			check(fr.Pos)
			if len(fr.Path) == 0 || fr.Struct == "" {
				t.Fatalf("empty field reference %+v", fr)
			}
		}
		again, _ := ParsePlan(data)
		if pl.Dump() != again.Dump() {
			t.Fatal("analysis is not deterministic")
		}
	})
}

// FuzzParseFormat: a tracefs format file either errors or gives fields
// with a name, a positive size and a non-negative offset.
func FuzzParseFormat(f *testing.F) {
	f.Add([]byte(forkFormat))
	if data, err := os.ReadFile("/sys/kernel/tracing/events/sched/sched_process_fork/format"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, err := ParseFormat(data)
		if err != nil {
			return
		}
		for _, fld := range fm.Fields {
			if fld.Name == "" || fld.Size <= 0 || fld.Offset < 0 || strings.HasPrefix(fld.Name, "common_") {
				t.Fatalf("bad field %+v", fld)
			}
		}
	})
}

// forkFormat is sched_process_fork's format as Linux 6.1 prints it.
const forkFormat = `name: sched_process_fork
ID: 318
format:
	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
	field:unsigned char common_flags;	offset:2;	size:1;	signed:0;
	field:unsigned char common_preempt_count;	offset:3;	size:1;	signed:0;
	field:int common_pid;	offset:4;	size:4;	signed:1;

	field:char parent_comm[16];	offset:8;	size:16;	signed:0;
	field:pid_t parent_pid;	offset:24;	size:4;	signed:1;
	field:char child_comm[16];	offset:28;	size:16;	signed:0;
	field:pid_t child_pid;	offset:44;	size:4;	signed:1;

print fmt: "comm=%s pid=%d child_comm=%s child_pid=%d", REC->parent_comm, REC->parent_pid, REC->child_comm, REC->child_pid
`

func TestParseFormat(t *testing.T) {
	fm, err := ParseFormat([]byte(forkFormat))
	if err != nil {
		t.Fatal(err)
	}
	fld, ok := fm.Field("child_pid")
	if fm.ID != 318 || len(fm.Fields) != 4 || !ok || fld.Offset != 44 || fld.Size != 4 || !fld.Signed || fld.Decl != "pid_t child_pid" {
		t.Fatalf("%+v", fm)
	}
	if c, _ := fm.Field("child_comm"); c.Name != "child_comm" || c.Size != 16 {
		t.Fatalf("child_comm %+v", c)
	}
}
