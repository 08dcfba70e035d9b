package edit

import (
	"bytes"
	"fmt"
	"testing"
)

// kernelLike generates about size bytes of C that looks like driver code,
// with a printk(KERN_ERR and a kmalloc every few lines.
func kernelLike(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "static int foo_probe_%d(struct device *dev)\n{\n", i)
		fmt.Fprintf(&b, "\tstruct foo_priv *priv = kmalloc(sizeof(*priv), GFP_KERNEL);\n")
		fmt.Fprintf(&b, "\tif (!priv) {\n\t\tprintk(KERN_ERR \"foo: no memory for %d\\n\");\n", i)
		fmt.Fprintf(&b, "\t\treturn -ENOMEM;\n\t}\n\tpriv->id = %d; /* ünïcode comment */\n\treturn 0;\n}\n\n", i)
	}
	return b.Bytes()
}

func benchScript(b *testing.B, script string) {
	text := kernelLike(10 << 20)
	p, err := Parse("bench", []byte(script))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		if _, err := p.Run("bench.c", text, nil, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoopChange(b *testing.B) { benchScript(b, `,x/printk\(KERN_ERR/ c/pr_err(/`) }

func BenchmarkSubstGlobal(b *testing.B) { benchScript(b, `,s/kmalloc/kzalloc/g`) }
