# Makefile: builds libcjm and the cjm tools, tests them, installs them.
# GNU make. `make demo` and `make check` are the whole set-up on Debian.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
INCDIR   ?= $(PREFIX)/include
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share
PCDIR    ?= $(LIBDIR)/pkgconfig
DESTDIR  ?=

CC       ?= cc
B        ?= build
PKGS      = yaml-0.1 jansson cairo pangocairo fontconfig libpng libzip libxml-2.0 xlsxwriter
WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# -O3: cjm-funnel's hot path counted 4.4 % fewer instructions than at
# -O2 (callgrind, the 1M-event log; inlining of the name lookup and the
# table's prefetch into the matcher's loop).
CFLAGS   ?= -O3 -g
ALLCFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
	    -fPIC $(LIBINC) $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LIBS      = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
# Link-time optimisation, with gcc: cjm-funnel's hot path crosses files
# (funnel.c, funnel_latest.c, funnel_match.c), and inlining across them
# cut its instructions 8.5 % and its CPU time 10 % (issue 16). Fat objects
# keep libcjm.a usable by a linker without gcc's plugin (the unit tests
# link that plain code). `make LTO=` builds without it.
ifeq ($(origin LTO),undefined)
LTO      := $(if $(shell $(CC) -v 2>&1 | grep '^gcc version'),-flto=auto -ffat-lto-objects)
endif
CHECKLIBS = $(shell pkg-config --libs check 2>/dev/null)

# lib/ has one folder a subsystem (util, load, map, check, funnel,
# maturity, render, ...); include/ the installed headers.
LIBDIRS   = $(sort $(patsubst %/,%,$(dir $(wildcard lib/*/*.c))))
LIBINC    = -Iinclude $(LIBDIRS:%=-I%)
LIBSRC    = $(sort $(wildcard lib/*/*.c))
LIBOBJ    = $(LIBSRC:lib/%.c=$(B)/lib/%.o)
LIBHDR    = $(wildcard lib/*/*.h) $(wildcard include/*.h)
HEADERS   = $(wildcard include/cjm*.h)
TOOLS     = $(patsubst cmd/%.c,%,$(wildcard cmd/cjm-*.c))
UTILSRC   = $(filter-out $(wildcard cmd/cjm-*.c),$(wildcard cmd/*.c))
UTILOBJ   = $(UTILSRC:cmd/%.c=$(B)/cmd/%.o)
BINS      = $(TOOLS:%=$(B)/bin/%)
UNITSRC   = $(wildcard tests/unit/test_*.c)
UNITS     = $(UNITSRC:tests/unit/%.c=$(B)/tests/%)
FUZZSRC   = $(wildcard fuzz/fuzz_*.c)
MAN1      = $(wildcard man/*.1)
MAN5      = $(wildcard man/*.5)
MAN7      = $(wildcard man/*.7)

# Debian packages the build, the tests and the benchmarks need.
DEBS_BUILD = build-essential pkg-config libyaml-dev libjansson-dev \
	     libcairo2-dev libpango1.0-dev libfontconfig-dev libpng-dev libzip-dev libxml2-dev \
	     libxlsxwriter-dev fonts-noto-color-emoji
DEBS_TEST  = check poppler-utils fonts-dejavu-core sqlite3 mandoc \
	     clang libclang-rt-14-dev jq python3-jsonschema graphviz \
	     bash-completion zsh fish postgresql nodejs npm locales strace
DEBS_BENCH = hyperfine time nodejs npm chromium poppler-utils jq

.PHONY: FORCE all deps deps-test demo check check-unit check-golden check-scripts \
	check-asan check-tsan check-man check-engines fuzz bench install install-completions \
	uninstall clean

all: $(DEPS) $(BINS) $(B)/libcjm.a $(B)/lib/libcjm.so.0 $(B)/cjm.pc \
	$(B)/cjm.schema.json

# On Debian, install the packages that are missing, or say exactly what
# to run (exit 2); elsewhere only check that pkg-config finds the
# libraries. `make DEPS=` builds without either (packagers).
DEPS ?= deps
deps:
	@CJM_PKGS="$(PKGS)" sh tests/deps.sh $(DEBS_BUILD)
deps-test:
	@CJM_PKGS="$(PKGS) check" sh tests/deps.sh $(DEBS_BUILD) $(DEBS_TEST)

# Hidden by default: libcjm.so exports only what include/ marks CJM_API.
$(B)/lib/%.o: lib/%.c $(LIBHDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(LTO) -fvisibility=hidden -c -o $@ $<
$(B)/cmd/%.o: cmd/%.c $(HEADERS) $(wildcard cmd/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(LTO) -Icmd -c -o $@ $<

$(B)/libcjm.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)
$(B)/lib/libcjm.so.0: $(LIBOBJ) lib/libcjm.map
	$(CC) $(ALLCFLAGS) $(LTO) -shared -Wl,-soname,libcjm.so.0 \
	  -Wl,--version-script=lib/libcjm.map -o $@ $(LIBOBJ) $(LIBS)
	ln -sf libcjm.so.0 $(B)/lib/libcjm.so

# The tools link libcjm statically so the build tree runs without an
# install; the installed library is for other programs.
$(B)/bin/%: $(B)/cmd/%.o $(UTILOBJ) $(B)/libcjm.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(LTO) -o $@ $< $(UTILOBJ) $(B)/libcjm.a $(LIBS) $(LDFLAGS)

$(B)/tests/%: tests/unit/%.c $(B)/libcjm.a tests/unit/unit.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests/unit -o $@ $< $(B)/libcjm.a $(CHECKLIBS) $(LIBS)

# Made every time: it records PREFIX and the directories of this call.
$(B)/cjm.pc: FORCE
	@mkdir -p $(@D)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' 'includedir=$(INCDIR)' '' \
	  'Name: cjm' 'Description: customer journey maps as checkable text' \
	  'Version: $(VERSION)' 'Requires.private: $(PKGS)' \
	  'Libs: -L$${libdir} -lcjm' 'Libs.private: -lm' 'Cflags: -I$${includedir}' > $@

# The main job on the bundled examples.
demo: all
	@sh examples/demo.sh $(B)/bin

# The JSON Schema of the format, from the checker's tables (cjm(5)).
$(B)/cjm.schema.json: $(B)/bin/cjm-validate
	$(B)/bin/cjm-validate --schema -o $@

check: $(DEPS:deps=deps-test) all
	$(MAKE) check-unit check-golden check-scripts check-man
	$(MAKE) check-asan
	$(MAKE) check-tsan
	@echo "make check: all passed"

# Locales with a decimal point other than '.' (test_locale, faults.test.sh),
# made here so the tests never depend on what the host generated.
TESTLOCALES = de_DE.UTF-8 ps_AF.UTF-8
$(B)/locale/%.UTF-8:
	@mkdir -p $(@D)
	localedef -i $* -f UTF-8 $@ 2>/dev/null || test -d $@

check-unit: $(UNITS) $(TESTLOCALES:%=$(B)/locale/%)
	@set -e; for t in $(UNITS); do echo "== $$t"; \
	  LOCPATH=$(CURDIR)/$(B)/locale CK_FORK=yes $$t; done

check-golden: $(BINS)
	@sh tests/golden.sh $(B)/bin

# Scripted end-to-end tests (renders, randomized cross-checks): each
# tests/*.test.sh exits non-zero on failure.
check-scripts: $(BINS) $(B)/lib/libcjm.so.0 check-engines
	@set -e; for t in tests/*.test.sh; do [ -e "$$t" ] || continue; \
	  echo "== $$t"; BIN=$(CURDIR)/$(B)/bin sh $$t; done

# The SQL engines tests/funnel-sql-engines.test.sh runs cjm-funnel --sql's
# queries on (DuckDB, chdb), from tests/engines' lock; npm install, not
# npm ci, as bench/ does (npm ci refuses a lock without the engines'
# other-platform bindings). Installed once.
check-engines: tests/engines/node_modules/.cjm-installed
tests/engines/node_modules/.cjm-installed: tests/engines/package.json tests/engines/package-lock.json
	cd tests/engines && npm install --no-audit --no-fund --loglevel=error
	touch $@

check-man:
	@set -e; for m in $(MAN1) $(MAN5) $(MAN7); do \
	  mandoc -Tlint -Wwarning $$m || { echo "$$m: not lint-clean"; exit 1; }; \
	done; echo "man pages: lint-clean"

# The same suites built with AddressSanitizer and UBSan.
SANFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
check-asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	$(MAKE) B=build/asan CFLAGS="$(SANFLAGS)" LDFLAGS="$(SANFLAGS)" LTO= \
	  check-unit check-golden check-scripts

# cjm-funnel's two threads and the YAML parser's thread under
# ThreadSanitizer (a build of its own: it does not mix with
# AddressSanitizer), stopping at the first data race: the tests that
# compare one thread with two.
check-tsan:
	$(MAKE) B=build/tsan CFLAGS="-O1 -g -fsanitize=thread" \
	  LDFLAGS="-fsanitize=thread" LTO= \
	  $(TOOLS:%=build/tsan/bin/%) build/tsan/tests/test_yaml_pipe
	TSAN_OPTIONS=halt_on_error=1 CK_FORK=no build/tsan/tests/test_yaml_pipe
	TSAN_OPTIONS=halt_on_error=1 BIN=$(CURDIR)/build/tsan/bin \
	  sh tests/funnel-shards.test.sh
	TSAN_OPTIONS=halt_on_error=1 BIN=$(CURDIR)/build/tsan/bin \
	  GOLDEN=validate/ sh tests/threads.test.sh

# libFuzzer targets, each run for FUZZTIME seconds on its seed corpus.
FUZZTIME ?= 30
FUZZCC   ?= clang
fuzz: deps-test
	@set -e; mkdir -p $(B)/fuzz; for f in $(FUZZSRC); do \
	  n=$$(basename $$f .c); \
	  $(FUZZCC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	    -fsanitize=fuzzer,address,undefined $(LIBINC) \
	    $$(pkg-config --cflags $(PKGS)) -o $(B)/fuzz/$$n $$f $(LIBSRC) $(LIBS); \
	  mkdir -p $(B)/fuzz/corpus-$$n; \
	  echo "== fuzz $$n for $(FUZZTIME)s"; \
	  $(B)/fuzz/$$n -max_total_time=$(FUZZTIME) -max_len=65536 \
	    -rss_limit_mb=2048 $(B)/fuzz/corpus-$$n fuzz/corpus/$$n; \
	done

bench: all
	@sh tests/deps.sh $(DEBS_BENCH)
	@set -e; for s in bench/*.sh; do echo "== $$s"; sh $$s $(B)/bin; done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(PCDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(B)/libcjm.a $(DESTDIR)$(LIBDIR)
	install -m 755 $(B)/lib/libcjm.so.0 $(DESTDIR)$(LIBDIR)
	ln -sf libcjm.so.0 $(DESTDIR)$(LIBDIR)/libcjm.so
	install -m 644 $(HEADERS) $(DESTDIR)$(INCDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -d $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)/cjm
	install -m 644 $(MAN7) $(DESTDIR)$(MANDIR)/man7
	install -m 644 $(B)/cjm.pc $(DESTDIR)$(PCDIR)
	install -m 644 $(B)/cjm.schema.json $(DESTDIR)$(DATADIR)/cjm
	$(MAKE) install-completions

# Shell completion, one generic script a shell (completions/), installed
# under each tool's name where bash-completion, zsh and fish look.
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/vendor-completions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
install-completions:
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	  $(DESTDIR)$(FISHCOMPDIR)
	for t in $(TOOLS); do \
	  install -m 644 completions/cjm.bash $(DESTDIR)$(BASHCOMPDIR)/$$t; \
	  install -m 644 completions/cjm.fish $(DESTDIR)$(FISHCOMPDIR)/$$t.fish; \
	done
	sed '1s/.*/#compdef $(TOOLS)/' completions/_cjm > $(DESTDIR)$(ZSHCOMPDIR)/_cjm

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(LIBDIR)/libcjm.* \
	  $(HEADERS:include/%=$(DESTDIR)$(INCDIR)/%) $(DESTDIR)$(PCDIR)/cjm.pc \
	  $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
	  $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%) \
	  $(DESTDIR)$(DATADIR)/cjm/cjm.schema.json $(DESTDIR)$(ZSHCOMPDIR)/_cjm \
	  $(TOOLS:%=$(DESTDIR)$(BASHCOMPDIR)/%) $(TOOLS:%=$(DESTDIR)$(FISHCOMPDIR)/%.fish)
	rmdir $(DESTDIR)$(DATADIR)/cjm 2>/dev/null || true

clean:
	rm -rf build

FORCE:

# Objects are made through pattern chains; keep them, so a second make
# has nothing to do.
.SECONDARY:
