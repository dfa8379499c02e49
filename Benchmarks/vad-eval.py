#!/usr/bin/env python3
"""Frame agreement of ccrd's voice activity detector and WebRTC's (the `webrtcvad` PyPI
package, an evaluation reference only) with ground truth, on the synthesized conversations
the test suite writes to test-artifacts/vad (run `make test` or the corpus tests first).

    pip install webrtcvad-wheels
    python3 Benchmarks/vad-eval.py [test-artifacts/vad]
"""
import sys
import wave
from pathlib import Path

import webrtcvad

FRAME = 320  # 20 ms at 16 kHz


def frames(path):
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2
        data = w.readframes(w.getnframes())
    return [data[i * FRAME * 2:(i + 1) * FRAME * 2] for i in range(len(data) // (FRAME * 2))]


def agreement(a, b):
    n = min(len(a), len(b))
    return sum(1 for i in range(n) if a[i] == b[i]) / n


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/vad")
    rows = []
    for leg in ("agent", "customer"):
        truth = [c == "1" for c in (root / f"{leg}.truth.txt").read_text().strip()]
        for condition in ("clean", "snr10"):
            audio = frames(root / f"{leg}-{condition}.wav")
            ours = [c == "1" for c in (root / f"{leg}-{condition}.ccrd.txt").read_text().strip()]
            row = [f"{leg} {condition}", f"{agreement(ours, truth):.3f}"]
            for mode in range(4):
                vad = webrtcvad.Vad(mode)
                theirs = [vad.is_speech(f, 16000) for f in audio]
                row.append(f"{agreement(theirs, truth):.3f}")
            rows.append(row)
    header = ["leg, audio", "ccrd", "webrtc 0", "webrtc 1", "webrtc 2", "webrtc 3"]
    print(" | ".join(f"{h:>14}" for h in header))
    for row in rows:
        print(" | ".join(f"{c:>14}" for c in row))


if __name__ == "__main__":
    main()
