# Shortcuts over Meson (like cmark's Makefile). `make run` and `make test`
# do all set-up on a fresh Debian 12 machine: missing packages are installed
# with apt first.

BUILD    ?= build
ASAN     ?= build-asan
FUZZB    ?= build-fuzz
DB       ?= parallax.db
SAMPLE   ?= tests/fixtures/seeds
FUZZ_SECONDS ?= 20
PORT     ?= 8080
PX       := $(BUILD)/src/cli/parallax

DEB_PACKAGES := gcc clang meson ninja-build pkg-config python3 \
  libxml2-dev libcurl4-openssl-dev libsqlite3-dev libutf8proc-dev \
  libstemmer-dev libxxhash-dev libjansson-dev libmicrohttpd-dev \
  libcriterion-dev libpq-dev postgresql libclang-rt-14-dev valgrind
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test test-normal test-asan valgrind fuzz fuzz-build bench clean test-browser

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	rm -f $(DB) $(DB)-state
	$(PX) --db $(DB) add $(SAMPLE)
	$(PX) --db $(DB) stories
	$(PX) --db $(DB) story 1 --full
	@echo "== the web UI: open http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server)"
	$(PX) --db $(DB) serve --port $(PORT)

test: build
	tools/checksrc.sh
	$(MAKE) --no-print-directory test-normal test-asan fuzz test-browser

test-normal: build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

$(ASAN)/build.ninja:
	CC=clang meson setup $(ASAN) --buildtype=debug \
	  -Db_sanitize=address,undefined -Db_lundef=false \
	  -Dc_args=-fno-sanitize-recover=all

test-asan: deps $(ASAN)/build.ninja
	ninja -C $(ASAN)
	meson test -C $(ASAN) --print-errorlogs --num-processes 2 --timeout-multiplier 3

# The unit suites under valgrind (slow: not part of `make test`).
valgrind: build
	meson test -C $(BUILD) --setup=valgrind --suite util --suite ingest \
	  --suite extract --suite text --suite dedup --suite cluster \
	  --suite analyze --suite store --print-errorlogs

$(FUZZB)/build.ninja:
	CC=clang meson setup $(FUZZB) --buildtype=debugoptimized -Dfuzzing=true \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dtests=disabled

fuzz-build: deps $(FUZZB)/build.ninja
	ninja -C $(FUZZB)

# A short libFuzzer run of every target, seeded from fuzz/corpus/NAME.
fuzz: fuzz-build
	@set -e; for f in $(FUZZB)/fuzz/fuzz_*; do \
	  [ -f "$$f" ] && [ -x "$$f" ] || continue; name=$${f##*/fuzz_}; \
	  mkdir -p $(FUZZB)/corpus/$$name; \
	  echo "fuzzing $$name for $(FUZZ_SECONDS)s"; \
	  if ! $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix=$(FUZZB)/crash-$$name- \
	    $(FUZZB)/corpus/$$name fuzz/corpus/$$name tests/fixtures/seeds \
	    > $(FUZZB)/fuzz-$$name.log 2>&1; then \
	    tail -n 40 $(FUZZB)/fuzz-$$name.log; echo "fuzz target $$name failed"; exit 1; fi; \
	  tail -n 1 $(FUZZB)/fuzz-$$name.log; \
	done

bench: build
	@for b in bench/*/run.sh; do [ -x "$$b" ] && echo "== $$b" && $$b; done; true

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZB)

# End-to-end browser tests (headless Chromium; installs chromium and the
# pinned playwright-core when missing). Screenshots: $(BUILD)/artefacts/browser.
test-browser: build
	tests/browser/run.sh $(BUILD)
