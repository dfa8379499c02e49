#!/usr/bin/env bash
# A first, rough CPU measurement of ingest (the full `make bench` suite is separate work):
# CALLS two-leg Opus calls started through the API, each leg streamed in real time by its own
# `ffmpeg -re ... -c:a copy` from a pre-encoded 24 kb/s Opus file (so ffmpeg does not encode),
# and ccrd's CPU time read from /proc over a fixed window.
#   Benchmarks/rough-cpu.sh [CALLS] [SECONDS]
set -euo pipefail
calls=${1:-25}
window=${2:-30}
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
bin="$(swift build -c release --show-bin-path)/ccrd"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# 20 ms Opus packets of a varying tone, encoded once.
ffmpeg -hide_banner -loglevel error -f lavfi -i "aevalsrc=0.3*sin(2*PI*(300+200*sin(2*PI*0.5*t))*t):s=48000:d=$((window + 20))" \
  -c:a libopus -b:a 24k -application voip -frame_duration 20 "$work/speech.ogg"

port=18740
CCRD_HTTP_PORT=$port CCRD_INGEST_RTP_PORT_RANGE=46000-48999 CCRD_LOG_LEVEL=warning "$bin" serve --config Config/ccrd.yaml &
ccrd=$!
pids+=("$ccrd")
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.1; done

for i in $(seq 1 "$calls"); do
  body="{\"callId\":\"bench-$i\",\"agentId\":\"a$i\",\"legs\":{\"agent\":{\"codec\":\"opus\"},\"customer\":{\"codec\":\"opus\"}}}"
  answer=$(curl -sf -X POST "http://127.0.0.1:$port/v1/calls" -d "$body")
  for leg in agent customer; do
    p=$(python3 -c "import json,sys; print(json.load(sys.stdin)['legs']['$leg']['port'])" <<<"$answer")
    ffmpeg -hide_banner -loglevel error -re -i "$work/speech.ogg" -c:a copy -f rtp "rtp://127.0.0.1:$p" </dev/null >/dev/null 2>&1 &
    pids+=("$!")
  done
done
sleep 5  # let every stream settle

ticks() { awk '{print $14 + $15}' "/proc/$ccrd/stat"; }
hz=$(getconf CLK_TCK)
start=$(ticks); t0=$(date +%s.%N)
sleep "$window" &
sleeper=$!
[ -n "${PROFILE:-}" ] && perf record -F 999 -g -p "$ccrd" -o "$PROFILE" -- sleep $((window - 2)) >/dev/null 2>&1 || true
wait "$sleeper"
end=$(ticks); t1=$(date +%s.%N)
rss=$(awk '/VmRSS/ {print $2}' "/proc/$ccrd/status")
lost=$(curl -sf "http://127.0.0.1:$port/v1/calls?state=live" | python3 -c "
import json,sys
calls=json.load(sys.stdin)['calls']
legs=[l for c in calls for l in c['legs'].values()]
print(len(calls), sum(l['packets'] for l in legs), sum(l['lost'] for l in legs), sum(l['late'] for l in legs))")
python3 - "$start" "$end" "$hz" "$t0" "$t1" "$calls" "$rss" $lost <<'PY'
import sys
start, end, hz, t0, t1, calls, rss, live, packets, lost, late = sys.argv[1:]
cpu = (int(end) - int(start)) / int(hz)
wall = float(t1) - float(t0)
streams = 2 * int(calls)
print(f"calls={calls} streams={streams} live={live} window={wall:.1f}s")
print(f"ccrd CPU: {100 * cpu / wall:.1f}% of one core, {cpu / wall / streams * 3600:.1f} CPU-s per stream-hour")
print(f"RSS: {int(rss) / 1024:.1f} MiB ({int(rss) / int(calls):.0f} KiB per call, baseline included)")
print(f"packets={packets} lost={lost} late={late}")
PY
