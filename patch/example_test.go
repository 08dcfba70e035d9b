package patch_test

import (
	"fmt"
	"os"

	"github.com/go-edit/go-edit/patch"
)

func ExampleRender() {
	old := []byte("static int foo(void)\n{\n\tint a;\n\tint b;\n\tint c;\n\treturn 0;\n}\n")
	new := []byte("static int foo(void)\n{\n\tint a;\n\tint b;\n\tint c;\n\treturn 1;\n}\n")
	files := []patch.File{{Path: "drivers/foo.c", Old: old, New: new}}
	if err := patch.Render(os.Stdout, files, patch.Options{Driver: patch.KernelDriver}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// diff --git a/drivers/foo.c b/drivers/foo.c
	// index e8ce1e27862b..82336e78a40b 100644
	// --- a/drivers/foo.c
	// +++ b/drivers/foo.c
	// @@ -3,5 +3,5 @@ static int foo(void)
	//  	int a;
	//  	int b;
	//  	int c;
	// -	return 0;
	// +	return 1;
	//  }
}

func ExampleParse() {
	fps, err := patch.Parse([]byte("--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@ int f(void)\n one\n-two\n+2\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range fps[0].Hunks {
		for _, l := range h.Lines {
			fmt.Printf("%c old=%d new=%d %q\n", l.Op, l.Old, l.New, l.Text)
		}
	}
	got, err := patch.Apply([]byte("one\ntwo\n"), fps[0])
	fmt.Printf("%q %v\n", got, err)
	// Output:
	//   old=1 new=1 "one\n"
	// - old=2 new=0 "two\n"
	// + old=0 new=2 "2\n"
	// "one\n2\n" <nil>
}
