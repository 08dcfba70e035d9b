package patch

import (
	"bytes"
	"math/rand"
	"sync"
	"testing"
)

// TestConcurrentRender: tree mode renders files from many goroutines; the
// package keeps no shared mutable state, so outputs equal serial ones.
func TestConcurrentRender(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	var files []File
	for i := 0; i < 16; i++ {
		old := randomC(rng, 3)
		files = append(files, File{Path: "drivers/x.c", Old: joinLines(old, false, false), New: joinLines(mutate(rng, old), false, false)})
	}
	want := make([][]byte, len(files))
	for i := range files {
		var b bytes.Buffer
		if err := Render(&b, files[i:i+1], Options{Driver: KernelDriver}); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	var wg sync.WaitGroup
	for i := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				var b bytes.Buffer
				if err := Render(&b, files[i:i+1], Options{Driver: KernelDriver}); err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(b.Bytes(), want[i]) {
					t.Errorf("file %d: concurrent Render differs", i)
					return
				}
			}
		}()
	}
	wg.Wait()
}
