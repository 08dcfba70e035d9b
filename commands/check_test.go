package commands

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A patch with one error (trailing whitespace), one warning (printk
// without pr_err) and one check (misaligned continuation, with --strict).
const checkPatch = `diff --git a/drivers/misc/gedemo.c b/drivers/misc/gedemo.c
index 1234567890ab..ba0987654321 100644
--- a/drivers/misc/gedemo.c
+++ b/drivers/misc/gedemo.c
@@ -20,3 +20,5 @@ static int gedemo_probe(struct platform_device *pdev)
 	int ret;
+	printk(KERN_ERR "gedemo: failed %d\n",
+		ret);  
 	return ret;
`

const cleanPatch = `diff --git a/drivers/misc/gedemo.c b/drivers/misc/gedemo.c
index 1234567890ab..ba0987654321 100644
--- a/drivers/misc/gedemo.c
+++ b/drivers/misc/gedemo.c
@@ -20,2 +20,3 @@ static int gedemo_probe(struct platform_device *pdev)
 	int ret;
+	ret = 0;
 	return ret;
`

func runCheck(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb strings.Builder
	code = run("test", append([]string{"--sandbox=off", "check"}, args...), streams{strings.NewReader(stdin), &out, &errb})
	return code, out.String(), errb.String()
}

func TestCheckStdin(t *testing.T) {
	code, out, _ := runCheck(t, checkPatch)
	if code != exitError {
		t.Errorf("exit %d, want %d (an error was found)", code, exitError)
	}
	for _, want := range []string{
		"ERROR:TRAILING_WHITESPACE: trailing whitespace\n#8: FILE: drivers/misc/gedemo.c:22:\n+^I^Iret);  $\n",
		"WARNING:PREFER_PR_LEVEL: ",
		"total: 1 errors, 1 warnings, 4 lines checked\n",
		"Your patch has style problems, please review.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "PARENTHESIS_ALIGNMENT") {
		t.Errorf("CHECK reported without --strict:\n%s", out)
	}
}

func TestCheckStrictAndFilters(t *testing.T) {
	code, out, _ := runCheck(t, checkPatch, "--strict", "-")
	if code != exitError || !strings.Contains(out, "CHECK:PARENTHESIS_ALIGNMENT:") || !strings.Contains(out, "1 checks, ") {
		t.Errorf("--strict: exit %d\n%s", code, out)
	}
	// Warnings alone pass without --strict and fail with it.
	code, _, _ = runCheck(t, checkPatch, "--ignore", "TRAILING_WHITESPACE")
	if code != exitOK {
		t.Errorf("warnings only: exit %d, want 0", code)
	}
	code, _, _ = runCheck(t, checkPatch, "--strict", "--ignore=TRAILING_WHITESPACE,PARENTHESIS_ALIGNMENT")
	if code != exitError {
		t.Errorf("warnings with --strict: exit %d, want 1", code)
	}
	code, out, _ = runCheck(t, checkPatch, "--types", "prefer_pr_level")
	if code != exitOK || strings.Contains(out, "TRAILING_WHITESPACE") || !strings.Contains(out, "PREFER_PR_LEVEL") {
		t.Errorf("--types: exit %d\n%s", code, out)
	}
}

func TestCheckFilesAndJSON(t *testing.T) {
	dir := t.TempDir()
	bad, clean := filepath.Join(dir, "bad.patch"), filepath.Join(dir, "clean.patch")
	os.WriteFile(bad, []byte(checkPatch), 0o644)
	os.WriteFile(clean, []byte(cleanPatch), 0o644)

	code, out, _ := runCheck(t, "", clean)
	if code != exitOK || !strings.Contains(out, clean+" has no obvious style problems and is ready for submission.\n") {
		t.Errorf("clean patch: exit %d\n%s", code, out)
	}
	code, out, _ = runCheck(t, "", "--json", "--strict", clean, bad)
	if code != exitError {
		t.Errorf("--json: exit %d, want 1", code)
	}
	var reports []struct {
		Patch    string
		Findings []struct {
			Level, Type, File string
			Line              int
		}
		Errors, Warnings, Checks, Lines int
	}
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if len(reports) != 2 || reports[0].Patch != clean || len(reports[0].Findings) != 0 {
		t.Fatalf("--json reports: %+v", reports)
	}
	r := reports[1]
	if r.Errors != 1 || r.Warnings != 1 || r.Checks != 1 || r.Lines != 4 {
		t.Errorf("--json counts: %+v", r)
	}
	f := r.Findings[0]
	if f.Level != "WARNING" || f.Type != "PREFER_PR_LEVEL" || f.File != "drivers/misc/gedemo.c" || f.Line != 21 {
		t.Errorf("--json first finding: %+v", f)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, _ := runCheck(t, "", "--no-such-flag"); code != exitUsage {
		t.Errorf("unknown flag: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runCheck(t, "", "--max-line-length=0"); code != exitUsage {
		t.Errorf("--max-line-length=0: exit %d, want %d", code, exitUsage)
	}
	if code, _, errs := runCheck(t, "", filepath.Join(t.TempDir(), "missing.patch")); code != exitError || errs == "" {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
	code, out, _ := runCheck(t, "", "--list-types")
	if code != exitOK || !strings.Contains(out, "\nPARENTHESIS_ALIGNMENT\n") || strings.Count(out, "\n") < 40 {
		t.Errorf("--list-types: exit %d\n%s", code, out)
	}
}
