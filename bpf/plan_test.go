package bpf

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/bpf goldens")

// TestPlanGolden runs Analyze over each testdata/bpf/plan/*.txtar: the
// "patch" section goes in, the "want" section is Plan.Dump's output.
func TestPlanGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/bpf/plan/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			sec := map[string]int{}
			for i, f := range ar.Files {
				sec[f.Name] = i
			}
			pi, ok := sec["patch"]
			if !ok {
				t.Fatal("no patch section")
			}
			pl, err := ParsePlan(unquoteDiff(ar.Files[pi].Data))
			if err != nil {
				t.Fatal(err)
			}
			got := pl.Dump()
			wi, ok := sec["want"]
			if *update {
				if !ok {
					ar.Files = append(ar.Files, txtar.File{Name: "want"})
					wi = len(ar.Files) - 1
				}
				ar.Files[wi].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !ok {
				t.Fatal("no want section (run with -update)")
			}
			if want := string(ar.Files[wi].Data); got != want {
				t.Errorf("plan mismatch (-want +got):\n%s", testutil.LineDiff([]byte(want), []byte(got)))
			}
		})
	}
}

// unquoteDiff drops the ">" that protects diff lines beginning with
// "-- " from txtar, as testscript does.
func unquoteDiff(b []byte) []byte {
	ls := strings.SplitAfter(string(b), "\n")
	for i, l := range ls {
		if strings.HasPrefix(l, ">") {
			ls[i] = l[1:]
		}
	}
	return []byte(strings.Join(ls, ""))
}
