# Field Kit. The FTS5 build tag is needed by every build and test.
GO      ?= go
TAGS    := sqlite_fts5
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X fieldkit/agent.Version=$(VERSION)

.PHONY: run test build vet bench fmt dist

## run: start the kit in demo mode (reference portal on loopback, demo operator)
run:
	$(GO) run -tags $(TAGS) -ldflags "$(LDFLAGS)" ./agent/cmd/fieldkit serve --demo --data ./data

## test: vet and run every test
test:
	$(GO) vet -tags $(TAGS) ./...
	$(GO) test -tags $(TAGS) -shuffle=on -timeout 20m ./...

build:
	$(GO) build -tags $(TAGS) -ldflags "$(LDFLAGS)" -o bin/fieldkit ./agent/cmd/fieldkit

vet:
	$(GO) vet -tags $(TAGS) ./...

bench:
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...

fmt:
	gofmt -l -w .

## dist: Windows installer, .deb and checksums in dist/ (see installer/README.md)
dist:
	GO=$(GO) bash installer/dist.sh
