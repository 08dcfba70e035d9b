package samre

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchText is 10 MB of C: the .c files under drivers/ of the kernel tree
// named by GOEDIT_KSRC, or else generated text shaped like kernel code.
var benchText = sync.OnceValue(func() []byte {
	const size = 10 << 20
	if dir := os.Getenv("GOEDIT_KSRC"); dir != "" {
		var buf []byte
		filepath.WalkDir(filepath.Join(dir, "drivers"), func(path string, d fs.DirEntry, err error) error {
			if err != nil || len(buf) >= size {
				return filepath.SkipDir
			}
			if strings.HasSuffix(path, ".c") {
				if b, err := os.ReadFile(path); err == nil {
					buf = append(buf, b...)
				}
			}
			return nil
		})
		if len(buf) >= size {
			return buf[:size]
		}
	}
	return syntheticC(size)
})

// syntheticC writes n bytes of made-up kernel-style C.
func syntheticC(n int) []byte {
	r := rand.New(rand.NewPCG(7, 8))
	words := []string{"dev", "priv", "ret", "buf", "len", "skb", "ctx", "data", "node", "irq", "reg", "val"}
	id := func() string {
		return words[r.IntN(len(words))] + "_" + words[r.IntN(len(words))]
	}
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "/*\n * %s: handle the %s of the %s.\n */\n", id(), id(), id())
		fmt.Fprintf(&b, "static int %s(struct device *dev, unsigned long %s)\n{\n", id(), id())
		for range 3 + r.IntN(12) {
			switch r.IntN(20) {
			case 0:
				fmt.Fprintf(&b, "\t%s = kzalloc(sizeof(*%s), GFP_KERNEL);\n", id(), id())
			case 1:
				fmt.Fprintf(&b, "\tprintk(KERN_ERR \"%s: failed %%d\\n\", %s);\n", id(), id())
			case 2:
				fmt.Fprintf(&b, "\tif (!%s)\n\t\treturn -ENOMEM;\n", id())
			case 3:
				fmt.Fprintf(&b, "\tdev_info(dev, \"%s %%u\\n\", %s->%s);\n", id(), id(), id())
			default:
				fmt.Fprintf(&b, "\t%s->%s = %s(%s, %d);\n", id(), id(), id(), id(), r.IntN(1000))
			}
		}
		b.WriteString("\treturn 0;\n}\n\n")
	}
	return []byte(b.String()[:n])
}

// cpuTime is the CPU time the process has used: on a loaded machine it
// measures the work of a benchmark better than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the throughput per CPU second as cpu-MB/s.
func reportCPU(b *testing.B, start time.Duration, n int) {
	if cpu := cpuTime() - start; cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds()/1e6, "cpu-MB/s")
	}
}

var benchExprs = []string{`printk\(KERN_ERR`, `k[mz]alloc\(`, `[a-z_]+\(`}

// BenchmarkFind runs an x loop: every match in the text, one Find each.
func BenchmarkFind(b *testing.B) {
	buf := benchText()
	for _, expr := range benchExprs {
		re := MustCompile(expr)
		b.Run(expr, func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			var m []int
			start := cpuTime()
			for b.Loop() {
				n := 0
				for p := 0; p <= len(buf); {
					if m = re.Find(buf, 0, len(buf), p, m); m == nil {
						break
					}
					n++
					p = max(m[1], m[0]+1)
				}
				if n == 0 {
					b.Fatal("no match")
				}
			}
			reportCPU(b, start, len(buf))
		})
	}
}

// BenchmarkFindBackward finds every match walking backward.
func BenchmarkFindBackward(b *testing.B) {
	buf := benchText()
	for _, expr := range benchExprs {
		re := MustCompile(expr)
		b.Run(expr, func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			var m []int
			start := cpuTime()
			for b.Loop() {
				for p := len(buf); p >= 0; {
					if m = re.FindBackward(buf, 0, len(buf), p, m); m == nil {
						break
					}
					p = min(m[0], m[1]-1)
				}
			}
			reportCPU(b, start, len(buf))
		})
	}
}

// BenchmarkGoRegexp is the baseline: Go's regexp, leftmost-longest.
func BenchmarkGoRegexp(b *testing.B) {
	buf := benchText()
	for _, expr := range benchExprs {
		re := regexp.MustCompile(expr)
		re.Longest()
		b.Run(expr, func(b *testing.B) {
			b.SetBytes(int64(len(buf)))
			start := cpuTime()
			for b.Loop() {
				re.FindAllIndex(buf, -1)
			}
			reportCPU(b, start, len(buf))
		})
	}
}

// BenchmarkFindShort is the cost of one search in one short line, as g
// inside an x loop over lines pays it.
func BenchmarkFindShort(b *testing.B) {
	buf := []byte("\tret = dev_priv_setup(dev, 42); /* foo */\n")
	for _, expr := range []string{`foo`, `fo+`, `(f)o+`, `^[ 	]*ret`} {
		re := MustCompile(expr)
		b.Run(expr, func(b *testing.B) {
			var m []int
			start := cpuTime()
			for b.Loop() {
				m = re.Find(buf, 0, len(buf), 0, m)
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}
