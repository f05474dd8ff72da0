# Makefile for assume. `make test` is the test command CI runs.
GO ?= go
PREFIX ?= $(shell $(GO) env GOPATH)
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
# A static binary starts ~1 ms faster: no dynamic loader, and the pure-Go
# resolver and user lookup are all assume needs.
export CGO_ENABLED ?= 0

.PHONY: build install test test-short fuzz bench vet

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/assume ./cmd/assume

install:
	$(GO) install -trimpath -ldflags '$(LDFLAGS)' ./cmd/assume

# Every package, including end-to-end tests of the real binary against moto,
# a strict fake STS, real shells and the aws CLI.
test:
	$(GO) test -count=1 -timeout 20m ./...

vet:
	$(GO) vet ./...

# Run each fuzzer briefly (FUZZTIME=5m for longer).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./pkg/render -run '^$$' -fuzz '^FuzzShRoundTrip$$' -fuzztime $(FUZZTIME)
	$(GO) test ./pkg/render -run '^$$' -fuzz '^FuzzFishRoundTrip$$' -fuzztime $(FUZZTIME)
	$(GO) test ./pkg/profiles -run '^$$' -fuzz '^FuzzLoadResolve$$' -fuzztime $(FUZZTIME)

# Startup and resolution cost as ratios to a hello-world Go binary.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 200x ./test/bench
