# ar2c: PGXS build.
#
#   make && make install            build and install into PG_CONFIG's server
#                                   (and ar2c-sender into its bindir)
#   make installcheck               pg_regress suites (needs a running server)
#   make unit                       plain-C unit tests (cmocka)
#   make fuzz-build                 libFuzzer targets (clang)
#   make facturx                    build/ar2c-facturx (needs libqpdf-dev)
#   make format / make lint         clang-format, cppcheck
#   make bench                      benchmarks on a scratch cluster (bench/run)
#
# The README's two commands (scripts/demo, scripts/test) do all of this.

EXTENSION    = ar2c
EXTVERSION   = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" ar2c.control)

# src/core/ is plain C without postgres.h; src/ holds the fmgr wrappers.
CORE_SRCS    = $(sort $(wildcard src/core/*.c))
CORE_HDRS    = $(sort $(wildcard src/core/*.h))
PG_SRCS      = $(sort $(wildcard src/*.c))
MODULE_big   = ar2c
OBJS         = $(PG_SRCS:.c=.o) $(CORE_SRCS:.c=.o)

# The install script is assembled from one file per concept, in name order.
INSTALL_PARTS = $(sort $(wildcard sql/install/*.sql))
DATA_built   = $(EXTENSION)--$(EXTVERSION).sql
DATA         = $(sort $(wildcard sql/upgrade/*.sql))

REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)

# libxml2 reads camt documents (core/camt.c)
XML2_CFLAGS := $(shell xml2-config --cflags)
XML2_LIBS   := $(shell xml2-config --libs)

PG_CPPFLAGS  = -I$(srcdir)/src $(XML2_CFLAGS)
SHLIB_LINK   = $(XML2_LIBS)
PG_CFLAGS    = -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
               -Wno-sign-compare
ifeq ($(WERROR),1)
PG_CFLAGS   += -Werror
endif

EXTRA_CLEAN  = build results regression.diffs regression.out

PG_CONFIG   ?= pg_config
PGXS        := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(DATA_built): $(INSTALL_PARTS)
	cat $(INSTALL_PARTS) > $@

$(OBJS): $(CORE_HDRS) $(wildcard src/*.h)

# ar2c-sender (src/sender/, doc/sender.md): a program of its own that
# delivers the outbox, with libpq and libcurl; src/sender/core/ is its plain
# C (no libpq, no curl), unit-tested and fuzzed like src/core/.
SENDER_CORE_SRCS = $(sort $(wildcard src/sender/core/*.c))
SENDER_CORE_HDRS = $(sort $(wildcard src/sender/core/*.h))
SENDER_SRCS  = $(sort $(wildcard src/sender/*.c)) $(SENDER_CORE_SRCS)
SENDER_HDRS  = $(sort $(wildcard src/sender/*.h)) $(SENDER_CORE_HDRS)
SENDER_BIN   = build/sender/ar2c-sender
SENDER_CFLAGS = -std=gnu99 -g -O2 -Wall -Wextra -Wno-unused-parameter -I$(srcdir)/src \
               -I$(shell $(PG_CONFIG) --includedir)
ifeq ($(WERROR),1)
SENDER_CFLAGS += -Werror
endif
SENDER_LIBS  = -lpq -lcurl -lcrypto

all: $(SENDER_BIN)

$(SENDER_BIN): $(SENDER_SRCS) $(SENDER_HDRS)
	@mkdir -p build/sender
	$(CC) $(SENDER_CFLAGS) -o $@ $(SENDER_SRCS) $(SENDER_LIBS)

install: install-sender

install-sender: $(SENDER_BIN)
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) $(SENDER_BIN) '$(DESTDIR)$(bindir)/ar2c-sender'

# Plain-C unit tests: each test/unit/test_X.c links with the whole core;
# test_sender_X.c with the sender's.
CORE_CFLAGS  = -std=gnu99 -g -O2 -Wall -Wextra -Werror -I$(srcdir)/src $(XML2_CFLAGS)
UNIT_BINS    = $(patsubst test/unit/%.c,build/unit/%,$(sort $(wildcard test/unit/test_*.c)))

build/unit/%: test/unit/%.c $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p build/unit
	$(CC) $(CORE_CFLAGS) -o $@ $< $(CORE_SRCS) -lcmocka $(XML2_LIBS) -lm

build/unit/test_sender_%: test/unit/test_sender_%.c $(SENDER_CORE_SRCS) $(SENDER_CORE_HDRS)
	@mkdir -p build/unit
	$(CC) $(CORE_CFLAGS) -o $@ $< $(SENDER_CORE_SRCS) -lcmocka -lcrypto

unit-build: $(UNIT_BINS)

unit: unit-build
	@status=0; for t in $(UNIT_BINS); do ./$$t || status=1; done; exit $$status

# libFuzzer targets: test/fuzz/fuzz_X.c, seed corpus in test/fuzz/corpus/X/.
FUZZ_CC      = clang
FUZZ_CFLAGS  = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
               -I$(srcdir)/src $(XML2_CFLAGS)
FUZZ_BINS    = $(patsubst test/fuzz/%.c,build/fuzz/%,$(sort $(wildcard test/fuzz/fuzz_*.c)))

build/fuzz/%: test/fuzz/%.c $(CORE_SRCS) $(CORE_HDRS)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRCS) $(XML2_LIBS) -lm

build/fuzz/fuzz_sender_%: test/fuzz/fuzz_sender_%.c $(SENDER_CORE_SRCS) $(SENDER_CORE_HDRS)
	@mkdir -p build/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(SENDER_CORE_SRCS) -lcrypto

fuzz-build: $(FUZZ_BINS)

# ar2c-facturx: the e-invoice attached to a Factur-X / ZUGFeRD PDF, read
# by qpdf in a program of its own, outside the server (doc/einvoice.md)
build/ar2c-facturx: tools/ar2c_facturx.c
	@mkdir -p build
	$(CC) -std=gnu99 -O2 -Wall -Wextra -Werror -o $@ $< -lqpdf

facturx: build/ar2c-facturx

FORMAT_FILES = $(sort $(wildcard src/*.[ch] src/core/*.[ch] src/sender/*.[ch] src/sender/core/*.[ch] \
               test/unit/*.c test/fuzz/*.c tools/*.c))

format:
	clang-format -i $(FORMAT_FILES)

lint:
	clang-format --dry-run --Werror $(FORMAT_FILES)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c99 --inline-suppr -I src src/core src/sender test/unit test/fuzz tools

bench:
	bench/run

.PHONY: unit unit-build fuzz-build facturx format lint bench install-sender
