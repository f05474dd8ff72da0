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
# a strict fake STS, real shells and the aws CLI. With dbus, gnome-keyring,
# pass and gpg installed, scripts/test-env.sh runs them beside throwaway
# keyring services so pkg/cache also tests real backends; without those
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

# Run each fuzzer briefly (FUZZTIME=5m for longer).
FUZZTIME ?= 30s
fuzz:
	$(GO) test ./pkg/render -run '^$$' -fuzz '^FuzzShRoundTrip$$' -fuzztime $(FUZZTIME)
	$(GO) test ./pkg/render -run '^$$' -fuzz '^FuzzFishRoundTrip$$' -fuzztime $(FUZZTIME)
	$(GO) test ./pkg/profiles -run '^$$' -fuzz '^FuzzLoadResolve$$' -fuzztime $(FUZZTIME)

# Startup and resolution cost as ratios to a hello-world Go binary.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 200x ./test/bench
