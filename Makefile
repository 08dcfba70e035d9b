# go-edit build, test and benchmark entry points. See README.md.

GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
# Static, reproducible binaries: cobra pulls in net, which would otherwise
# link against libc on this machine.
export CGO_ENABLED = 0
# Inlining is kept only in the packages whose speed the benchmarks measure
# (the runtime and its helpers, regexps, the sam engine, the tree reader,
# the diff writer, the style gate): elsewhere, code that runs once per
# command, it buys nothing and costs ~220 KB of the size budget.
MODULE   = github.com/go-edit/go-edit
HOT_PKGS = runtime/... internal/runtime/... internal/abi internal/bytealg internal/cpu \
	sync/... strings bytes unicode/... regexp/... \
	$(MODULE)/edit/... $(MODULE)/internal/tree $(MODULE)/patch $(MODULE)/checkpatch
GCFLAGS_BUILD = -gcflags=all=-l $(foreach p,$(HOT_PKGS),-gcflags=$(p)=)
GOFLAGS_BUILD = -trimpath $(GCFLAGS_BUILD) -ldflags "-s -w -X main.version=$(VERSION)"
# The Linux 6.1 tree for integration tests and benchmarks, when it can be had.
KSRC     ?= $(shell scripts/ksrc.sh 2>/dev/null)
FUZZTIME ?= 10s

.PHONY: all build build-slim run test test-vm test-priv fuzz bench lint update-golden clean

all: build

build:
	$(GO) build $(GOFLAGS_BUILD) -o go-edit ./cmd/go-edit

build-slim:
	$(GO) build $(GOFLAGS_BUILD) -tags slim -o go-edit-slim ./cmd/go-edit

# The main job on the sample tree: turn printk(KERN_ERR ...) into pr_err(...)
# and print the patch.
run: build
	./go-edit exec -C testdata/sample ',x/printk\(KERN_ERR */ c/pr_err(/'

test:
	$(GO) vet ./...
	GOEDIT_KSRC=$(KSRC) $(GO) test -p 1 -timeout 30m ./...

# kprobe tests in a VM: Debian's cloud kernel under qemu TCG, one boot for
# every probe test (needs qemu-system-x86 and busybox-static).
test-vm:
	scripts/test-vm.sh

# Tracepoint, BTF and probe command tests as root on this machine.
test-priv:
	$(GO) test -exec sudo ./bpf/... ./commands -run 'Probe|Trace|Tracepoint|Check|Kprobe'

# Short runs of every fuzz target, one after another (no minimisation:
# it can stall a short run on interesting inputs).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 0 $$pkg || exit 1; \
		done; \
	done

bench: build build-slim
	GOEDIT_KSRC=$(KSRC) scripts/bench.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

update-golden:
	$(GO) test ./edit ./commands ./patch -run "Golden|Script" -update

clean:
	rm -f go-edit go-edit-slim
