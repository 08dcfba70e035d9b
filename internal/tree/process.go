package tree

import (
	"bytes"
	"errors"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/go-edit/go-edit/internal/sha1"
)

// binaryProbe is how much of a file is searched for a NUL byte to call it
// binary (git looks at 8000 bytes; 8 KiB is the same idea).
const binaryProbe = 8 << 10

// A File is one file as a worker read it.
type File struct {
	Path string      // tree-relative slash path
	Data []byte      // the contents: valid only during the work call, never to be modified
	Mode fs.FileMode // permission bits, with setuid, setgid and sticky

	stamp  Stamp
	hashed bool
}

// A Stamp identifies the version of a file that was read, so that Commit
// can refuse to overwrite a file that changed since, and can give the new
// file the old one's mode and owner.
type Stamp struct {
	Size     int64
	Mtime    int64 // nanoseconds since the epoch
	Dev, Ino uint64
	Mode     fs.FileMode
	Uid, Gid uint32
	Hash     [sha1.Size]byte // SHA-1 of the contents
}

// Stamp returns the file's stamp. Hashing the contents costs time, so it is
// done on the first call only, and only for files a caller means to write;
// it must be called during the work call, while Data is valid.
func (f *File) Stamp() Stamp {
	if !f.hashed {
		f.stamp.Hash = sha1.Sum(f.Data)
		f.hashed = true
	}
	return f.stamp
}

// Process reads every file of s on workers goroutines (GOMAXPROCS if
// workers <= 0) and calls work on those that are not binary and that
// prefilter (if not nil) accepts; prefilter sees the raw bytes first, so a
// cheap literal test spares most files the real work. Each work result is
// passed to emit on the calling goroutine, in the order of s.Files whatever
// the scheduling; at most a bounded window of results waits for its turn,
// so memory stays bounded too. Each worker reuses one read buffer.
//
// A nil work or emit does nothing.
//
// The first error, in path order, from reading, work or emit stops the
// run and is returned; results after it are dropped. The returned Stats
// are s.Stats plus what Process counted.
func (s *Set) Process(workers int, prefilter func([]byte) bool, work func(*File) (any, error), emit func(path string, result any) error) (Stats, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if work == nil {
		work = func(*File) (any, error) { return nil, nil }
	}
	if emit == nil {
		emit = func(string, any) error { return nil }
	}
	stats := s.Stats
	n := len(s.Files)
	if n == 0 {
		return stats, nil
	}
	// Workers claim files in batches and hand back a batch's outcomes in
	// one message: a channel handoff per file costs more in scheduler
	// wake-ups (and futex and nanosleep calls) than reading a small file.
	batch := batchSize(n, workers)
	batches := (n + batch - 1) / batch
	window := reorderWindow(workers)
	slots := make([][]outcome, window)
	type done struct {
		b    int // batch number
		outs []outcome
	}
	results := make(chan done, window) // never blocks: at most window batches are out
	tokens := make(chan struct{}, window)
	for range window {
		tokens <- struct{}{}
	}
	quit := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, batches) {
		wg.Go(func() {
			r := reader{root: s.Root}
			for {
				select {
				case <-quit: // checked first: select picks among ready cases at random
					return
				default:
				}
				select {
				case <-tokens:
				case <-quit:
					return
				}
				b := int(next.Add(1) - 1)
				if b >= batches {
					return
				}
				first := b * batch
				outs := make([]outcome, min(batch, n-first))
				for k := range outs {
					outs[k] = r.run(s.Files[first+k], prefilter, work)
					if outs[k].kind == outError {
						outs = outs[:k+1] // the run stops there
						break
					}
				}
				results <- done{b, outs}
			}
		})
	}
	defer func() {
		close(quit)
		wg.Wait()
	}()
	for emitted := 0; emitted < batches; {
		d := <-results
		slots[d.b%window] = d.outs
		for emitted < batches && slots[emitted%window] != nil {
			outs := slots[emitted%window]
			slots[emitted%window] = nil
			for k, o := range outs {
				switch o.kind {
				case outError:
					return stats, o.err
				case outGone:
				case outBinary:
					stats.Seen++
					stats.Binary++
				case outPrefiltered:
					stats.Seen++
					stats.Prefiltered++
				case outSymlink:
					stats.Symlinks++
				case outDone:
					stats.Seen++
					stats.Processed++
					if err := emit(s.Files[emitted*batch+k], o.result); err != nil {
						return stats, err
					}
				}
			}
			emitted++
			tokens <- struct{}{}
		}
	}
	return stats, nil
}

// batchSize is how many consecutive files a worker claims at a time:
// enough to make the handoff cheap, few enough that every worker gets
// work on a small set.
func batchSize(files, workers int) int {
	return max(1, min(16, files/(8*workers)))
}

// reorderWindow is how many batches may be read ahead of the next result
// to emit: enough that a slow file does not starve the workers, few
// enough that results held back stay small.
func reorderWindow(workers int) int { return max(8, 4*workers) }

// An outcome is what became of one file.
type outcome struct {
	kind   outcomeKind
	result any
	err    error
}

type outcomeKind uint8

const (
	outDone outcomeKind = iota
	outError
	outGone // not a regular file any more
	outSymlink
	outBinary
	outPrefiltered
)

// A reader is one worker's state: its buffer lives as long as the worker.
type reader struct {
	root string
	buf  []byte // file contents
	name []byte // the NUL-terminated path being opened
	file File
}

func (r *reader) run(path string, prefilter func([]byte) bool, work func(*File) (any, error)) outcome {
	st, data, err := r.read(path)
	switch {
	case errors.Is(err, syscall.ELOOP):
		return outcome{kind: outSymlink}
	case errors.Is(err, errNotRegular):
		return outcome{kind: outGone}
	case err != nil:
		return outcome{kind: outError, err: errorf(path, CodeRead, err, "cannot read")}
	}
	if bytes.IndexByte(data[:min(len(data), binaryProbe)], 0) >= 0 {
		return outcome{kind: outBinary}
	}
	if prefilter != nil && !prefilter(data) {
		return outcome{kind: outPrefiltered}
	}
	r.file = File{Path: path, Data: data, Mode: st.Mode, stamp: st}
	res, err := work(&r.file)
	r.file = File{}
	if err != nil {
		return outcome{kind: outError, err: err}
	}
	return outcome{result: res}
}

var errNotRegular = errors.New("not a regular file")
