package checkpatch

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzCheck feeds arbitrary text to Check as a patch: it must never panic,
// and every finding must point inside the patch. Fix and Introduced get
// the same text as a file's new content, with the first golden's patch as
// the old one: Fix must never panic either, and applying it twice must
// change nothing more (a repaired file has nothing left to repair).
func FuzzCheck(f *testing.F) {
	for _, g := range loadGoldens(f) {
		f.Add(g.patch, true)
	}
	f.Add([]byte("@@ -1 +1 @@\n+\tprintk(KERN_ERR \"x\\n\",\n+a);\n"), false)
	f.Add([]byte("diff --git a/x.c b/x.c\n+++ b/x.c\n@@ -0,0 +1,2 @@\n+/*\n+\"\\\n"), true)
	// found by fuzzing: blanks around a CR broke Fix's idempotence
	f.Add([]byte("diff --git a/000000000.c\n@@ -\x00\x80+0,2 @@ \r \n+\t000! 0"), true)
	f.Fuzz(func(t *testing.T, data []byte, strict bool) {
		res := Check(data, Options{Strict: strict})
		lines := strings.Count(string(data), "\n") + 1
		for _, fd := range res.Findings {
			if fd.PatchLine < 0 || fd.PatchLine > lines {
				t.Fatalf("finding %s at patch line %d of %d", fd.Type, fd.PatchLine, lines)
			}
			_ = fd.String()
		}
		_ = res.Summary()
		old := []byte("int x;\n")
		once := Fix("drivers/x.c", old, data)
		twice := Fix("drivers/x.c", old, once)
		if !bytes.Equal(once, twice) {
			t.Fatalf("Fix is not idempotent:\n%q\n%q", once, twice)
		}
		Introduced("drivers/x.c", old, once, Options{Strict: strict})
	})
}
