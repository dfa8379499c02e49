#!/usr/bin/env bash
# Builds each fuzz target with libFuzzer and AddressSanitizer and runs it for SECONDS on the
# corpus kept in Fuzz/Corpus/TARGET (read) plus a scratch corpus (where new inputs go).
# Prints executions per target; exits non-zero if any target crashed (the input is saved in
# .build-fuzz/artifacts/; copy it into Fuzz/Corpus/TARGET so `make test` replays it for good).
#   Fuzz/run.sh [SECONDS] [TARGET ...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(FuzzRTP FuzzQuery FuzzConfig FuzzWAV FuzzLive)
scratch=${FUZZ_SCRATCH:-.build-fuzz}
flags=(--sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address --scratch-path "$scratch")
# Swift's own crash handler trips AddressSanitizer and leaves a process holding the output open.
export SWIFT_BACKTRACE=enable=no
mkdir -p "$scratch/artifacts"
failed=0
for target in "${targets[@]}"; do
  if ! swift build -c debug --product "$target" "${flags[@]}" 2>&1 | grep -v -e 'Cannot export' -e '^warning:' | grep -E 'error|Compiling|Build' | tail -3; then :; fi
  binary="$scratch/debug/$target"
  [ -x "$binary" ] || { echo "$target: build failed"; failed=1; continue; }
  mkdir -p "$scratch/corpus/$target"
  log="$scratch/$target.log"
  "$binary" "$scratch/corpus/$target" "Fuzz/Corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=4096 -artifact_prefix="$scratch/artifacts/$target-" -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
  cov=$(grep -E 'DONE|pulse|NEW' "$log" | tail -1 | grep -oE 'cov: [0-9]+' )
  if [ $status -ne 0 ]; then
    echo "$target: CRASHED (exit $status) after ${runs:-?} runs; see $log and $scratch/artifacts/"
    grep -m5 -E 'Fatal error|ERROR: AddressSanitizer|deadly signal|Test unit written' "$log"
    failed=1
  else
    echo "$target: ${runs:-?} runs in ${seconds}s (${rate:-?}/s), ${cov:-cov: ?}, no crash"
  fi
done
exit $failed
