# ccrd — build, run and test on Debian (bookworm) with Swift installed.
#   make run    install what is missing, build (release), start ccrd with Config/ccrd.yaml
#   make test   install what is missing, build, run every test (unit and integration)

SWIFT        ?= swift
CONFIG       ?= Config/ccrd.yaml
# System libraries ccrd links, and the real tools the integration tests drive.
APT_PACKAGES := libopus-dev libpulse-dev libsqlite3-dev pkg-config \
                ffmpeg sox espeak-ng python3 curl procps

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build build-release run test clean

# Installs only what is missing; `apt-get update` runs once, and only if something is.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift is not on PATH: install Swift 6.1 or later"; exit 1; }

build: deps
	$(SWIFT) build

build-release: deps
	$(SWIFT) build -c release

run: build-release
	$(SWIFT) build -c release --show-bin-path >/dev/null
	exec "$$($(SWIFT) build -c release --show-bin-path)/ccrd" serve --config $(CONFIG)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
