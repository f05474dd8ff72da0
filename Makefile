# Makefile for assume. `make test` is the test command CI runs.
GO ?= go
PREFIX ?= $(shell $(GO) env GOPATH)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null)
# The commit's date, not the build's, so a build is reproducible.
BUILD_DATE ?= $(shell git log -1 --format=%cI 2>/dev/null)
LDFLAGS := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(BUILD_DATE)
# A static binary starts ~1 ms faster: no dynamic loader, and the pure-Go
# resolver and user lookup are all assume needs.
export CGO_ENABLED ?= 0

.PHONY: build install test race fuzz bench vet lint staticcheck docs completions release-check goreleaser

# On Linux assume is a pair: the front (./cmd/assume-front, installed as
# assume) answers repeated cache hits and hands everything else to the
# full program (./cmd/assume, installed as assume-full) next to it; see
# docs/performance.md. Elsewhere the full program is installed alone as
# assume. The full program goes in first, so a front never runs without it.
TARGET_OS := $(shell $(GO) env GOOS)
BINDIR ?= $(PREFIX)/bin

build:
ifeq ($(TARGET_OS),linux)
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/assume-full ./cmd/assume
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/assume ./cmd/assume-front
else
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/assume ./cmd/assume
endif

install:
ifeq ($(TARGET_OS),linux)
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o '$(BINDIR)/assume-full' ./cmd/assume
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o '$(BINDIR)/assume' ./cmd/assume-front
else
	$(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/assume
endif

# Every package, including end-to-end tests of the real binary against moto,
# a strict fake STS, real shells and the aws CLI. With dbus, gnome-keyring,
# pass and gpg installed, scripts/test-env.sh runs them beside throwaway
# keyring services so pkg/keyrings also tests real backends; without those
# tools the real-backend tests skip (and fail under CI=true).
test:
	@if scripts/test-env.sh --check 2>/dev/null; then \
		echo "scripts/test-env.sh $(GO) test -count=1 -timeout 20m ./..."; \
		scripts/test-env.sh $(GO) test -count=1 -timeout 20m ./...; \
	else \
		echo "make test: no keyring services ($$(scripts/test-env.sh --check 2>&1)), their tests skip"; \
		$(GO) test -count=1 -timeout 20m ./...; \
	fi

vet:
	$(GO) vet ./...

# The race detector over the packages with concurrent code paths: the
# cache's locks and store, plan execution, the fake STS, the session.
RACE_PKGS := ./pkg/... ./internal/... ./cmd/...
race:
	@if scripts/test-env.sh --check 2>/dev/null; then \
		CGO_ENABLED=1 scripts/test-env.sh $(GO) test -race -count=1 -timeout 20m $(RACE_PKGS); \
	else \
		CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 20m $(RACE_PKGS); \
	fi

# gofmt, vet, staticcheck and the import rules of docs/architecture.md
# (test/layering). staticcheck is installed once at the pinned version.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(shell $(GO) env GOPATH)/bin/staticcheck
lint: staticcheck
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	GOOS=windows $(GO) vet ./...
	$(STATICCHECK) ./...
	$(GO) test -count=1 ./test/layering

staticcheck:
	@if $(GO) version -m $(STATICCHECK) 2>/dev/null | grep -Eq '^[[:space:]]+mod[[:space:]]+honnef.co/go/tools[[:space:]]+$(STATICCHECK_VERSION)([[:space:]]|$$)'; then :; else \
		echo "lint: installing staticcheck $(STATICCHECK_VERSION)"; \
		GOBIN=$(dir $(STATICCHECK)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); \
	fi

# Run every fuzzer briefly (FUZZTIME=5m for longer); the list is found,
# not written here.
FUZZTIME ?= 30s
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) scripts/fuzz.sh

# Plan/list/completion on 10,000 profiles; cache hits (file, keyctl, Secret
# Service on a private bus; 10 to 50,000 profiles; a login session's first
# hit; chains of 1, 3, 10 hops); cold chains against a local fake STS: each as a ratio to
# a hello-world Go binary run alternately in the same benchmark, plus peak
# memory. Run it on a quiet machine; see docs/performance.md.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 200x -timeout 30m ./test/bench

# Regenerate docs/reference (markdown), docs/man (man pages) and
# completions/ from the command tree. The generator (internal/gendocs,
# cobra/doc) runs inside a test so the assume binary never links it; the
# same test, run by `make test`, fails while these files are stale.
docs:
	$(GO) test ./cmd/assume -run '^TestGeneratedFiles$$' -count=1 -update

completions: docs

# Release checks: cross-build every release target with CGO_ENABLED=0, as
# goreleaser will, and validate .goreleaser.yaml. goreleaser is installed
# once into $(GOPATH)/bin at the pinned version (a cold install compiles
# for minutes) and reused while that version is there.
GORELEASER_VERSION := v2.16.0
GORELEASER := $(shell $(GO) env GOPATH)/bin/goreleaser
RELEASE_TARGETS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64

release-check: goreleaser
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	for t in $(RELEASE_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; \
		echo "release-check: build $$os/$$arch"; \
		GOOS=$$os GOARCH=$$arch CGO_ENABLED=0 $(GO) build ./... && \
		GOOS=$$os GOARCH=$$arch CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o "$$tmp/assume-$$os-$$arch" ./cmd/assume || exit 1; \
	done
	$(GORELEASER) check
	@# A snapshot release builds and archives every target as a tag would
	@# (check alone does not see archive rules), into a throwaway dist/.
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	git worktree add -q --detach "$$tmp/tree" HEAD && \
	(cd "$$tmp/tree" && $(GORELEASER) release --snapshot --clean --skip=publish >"$$tmp/log" 2>&1) || { cat "$$tmp/log"; git worktree remove --force "$$tmp/tree"; exit 1; }; \
	tar -tzf "$$tmp"/tree/dist/assume_*_linux_amd64.tar.gz | grep -qx assume-full || { echo "release-check: the Linux archive lacks assume-full"; git worktree remove --force "$$tmp/tree"; exit 1; }; \
	git worktree remove --force "$$tmp/tree"; echo "release-check: snapshot release built and archived every target"

goreleaser:
	@if $(GO) version -m $(GORELEASER) 2>/dev/null | grep -Eq '^[[:space:]]+mod[[:space:]]+github.com/goreleaser/goreleaser/v2[[:space:]]+$(GORELEASER_VERSION)([[:space:]]|$$)'; then \
		echo "release-check: goreleaser $(GORELEASER_VERSION) already in $(GORELEASER)"; \
	else \
		echo "release-check: installing goreleaser $(GORELEASER_VERSION) (compiles for a few minutes, once)"; \
		GOBIN=$(dir $(GORELEASER)) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION); \
	fi
