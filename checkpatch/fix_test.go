package checkpatch

import (
	"strings"
	"testing"

	"github.com/go-edit/go-edit/internal/testutil"
)

// fixCases are edits as a rewrite script makes them (old, new) and what
// Fix should make of new. "»" stands for a tab.
var fixCases = []struct {
	name, old, new, want string
}{
	{
		"trailing whitespace and space indentation in changed lines only",
		"int a;  \nint b;\n",
		"int a;  \n        int c;  \n",
		"int a;  \n»int c;\n",
	},
	{
		"space before tab kept off strings",
		"»x = 1;\n»s = \"a \tc\";\n",
		"»x = 2; »/* two */\n»s = \"a \tb\";\n",
		"»x = 2;»/* two */\n»s = \"a \tb\";\n",
	},
	{
		"dev_printk(KERN_ERR, to dev_err( re-aligns the arguments",
		"»»dev_printk(KERN_ERR, &pdev->dev, \"bad %d\\n\",\n»»»   ret);\n",
		"»»dev_err(&pdev->dev, \"bad %d\\n\",\n»»»   ret);\n",
		"»»dev_err(&pdev->dev, \"bad %d\\n\",\n»»»ret);\n",
	},
	{
		"deeper continuation lines keep their place relative to the first",
		"»ret = foo_long_name(a,\n»»»    bar(b,\n»»»»c));\n",
		"»ret = foo(a,\n»»»    bar(b,\n»»»»c));\n",
		"»ret = foo(a,\n»»  bar(b,\n»»      c));\n",
	},
	{
		"a line the edit made too long is wrapped after a comma, strings kept whole",
		"»p = kmalloc(sizeof(struct gedemo_bar_quux) * nr_of_things, GFP_KERNEL | __GFP_NOWARN);\n",
		"»p = kmalloc_array(nr_of_things, sizeof(struct gedemo_bar_quux), GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO);\n",
		"»p = kmalloc_array(nr_of_things, sizeof(struct gedemo_bar_quux),\n»»»  GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO);\n",
	},
	{
		"a long logging call is left alone: checkpatch allows it",
		"»printk(KERN_ERR \"gedemo: x\\n\");\n",
		"»pr_err(\"gedemo: this message is long enough to pass the limit of one hundred columns by itself\\n\");\n",
		"»pr_err(\"gedemo: this message is long enough to pass the limit of one hundred columns by itself\\n\");\n",
	},
	{
		"blanks after an open parenthesis go, as when printk(KERN_ERR<tab> becomes pr_err(<tab>",
		"»printk(KERN_ERR»\"gedemo: %d\\n\", x);\n»y = f( 1);\n",
		"»pr_err(»\"gedemo: %d\\n\", x);\n»y = f( 1);\n",
		"»pr_err(\"gedemo: %d\\n\", x);\n»y = f( 1);\n",
	},
	{
		"a line left ending in its open parenthesis gets the next line joined, the rest re-aligned",
		"»»printk(KERN_ERR\n»»       \"gedemo: bad %d\\n\",\n»»       ret);\n",
		"»»pr_err(\n»»       \"gedemo: bad %d\\n\",\n»»       ret);\n",
		"»»pr_err(\"gedemo: bad %d\\n\",\n»»       ret);\n",
	},
	{
		"an unchanged file is returned as it is",
		"x  \n",
		"x  \n",
		"x  \n",
	},
}

func tabs(s string) string { return strings.ReplaceAll(s, "»", "\t") }

func TestFix(t *testing.T) {
	for _, tc := range fixCases {
		old, new, want := tabs(tc.old), tabs(tc.new), tabs(tc.want)
		got := string(Fix("drivers/misc/gedemo.c", []byte(old), []byte(new)))
		if got != want {
			t.Errorf("%s:\n%s", tc.name, testutil.LineDiff([]byte(want), []byte(got)))
			continue
		}
		if again := string(Fix("drivers/misc/gedemo.c", []byte(old), []byte(got))); again != got {
			t.Errorf("%s: Fix is not idempotent:\n%s", tc.name, testutil.LineDiff([]byte(got), []byte(again)))
		}
		if old != new {
			if fs := Introduced("drivers/misc/gedemo.c", []byte(old), []byte(got), Options{Strict: true}); len(fs) > 0 {
				t.Errorf("%s: the fixed edit still introduces %s", tc.name, fs[0])
			}
		}
	}
}

func TestIntroduced(t *testing.T) {
	old := tabs("»if (x)\n»»printk(KERN_INFO \"a  \\n\");\n»y = 1;  \n")
	// The edit keeps the trailing space of y (pre-existing) and adds one
	// to the printk line, and moves its parenthesis.
	new := tabs("»if (x)\n»»pr_info(\"a  \\n\");  \n»y = 1;  \n")
	fs := Introduced("drivers/misc/gedemo.c", []byte(old), []byte(new), Options{})
	var types []string
	for _, f := range fs {
		types = append(types, f.Type)
	}
	if got := strings.Join(types, ","); got != "TRAILING_WHITESPACE" {
		t.Errorf("Introduced = %s, want TRAILING_WHITESPACE (the old line had the quoted space and the printk)", got)
	}
	if fs := Introduced("drivers/misc/gedemo.c", []byte(old), []byte(old), Options{}); fs != nil {
		t.Errorf("no edit, yet Introduced = %v", fs)
	}
}
