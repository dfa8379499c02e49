#!/usr/bin/env python3
"""Voice activity in noise: frame agreement with ground truth of ccrd's detector and of two
references (WebRTC VAD, Silero VAD), per leg, per noise, SNR and codec. Evaluation only:
nothing here runs in ccrd.

The corpus is built here, seeded, from what the machine has:
- speech: an English agent and a French customer (espeak-ng) and an English caller (flite),
  lines with seeded pauses, one of them a dead air of 4 s;
- noise: babble (six other voices talking at once, three espeak-ng and three flite), pink
  noise, and street-like noise
  (brown and pink noise under a slow swell), looped to the leg's length; every sox step
  runs in its repeatable mode (-R: its dither and noise are seeded too), so the same seed gives
  the same audio and the same table;
- the phone band (300-3400 Hz, sox) on speech and noise alike, then the noise scaled to an
  in-band SNR of 10 or 5 dB, measured over the frames where the clean speech is active;
- a codec round trip through the codecs ccrd decodes: none (16 kHz PCM), G.711 mu-law 8 kHz,
  Opus 24 kb/s (ffmpeg).

Ground truth comes from the clean band-passed speech: a 20 ms frame is speech when its level is
above -45 dBFS, gaps up to 14 frames (280 ms) inside a line are bridged, and bursts shorter than
3 frames are dropped. A second truth follows the convention of the repository's own corpus tests
(Tests/IntegrationTests/Support/SpeechCorpus.swift): a frame within 40 dB of the leg's loudest
and above -60 dBFS. The two differ only on the faint tails of words, which is where ccrd's
speakerRange setting trades one against the other; ccrd is scored against both.

For ccrd two more columns say whether the conversation metrics would follow: the leg's talk
time off by how much (a share of the leg), and how many of the leg's silences of 2 s or more
(the dead air and the longer pauses) it found. A second table scores two-leg calls (the agent
with the customer, and with the caller, each leg in its own noise of the same kind and SNR)
with `ccrd score`, against the same call clean: talk ratio, dead air of 2 s or more found
(and dead air that is not there clean), interruptions per minute.

    python3 Benchmarks/vad-noise-eval.py [--ccrd PATH] [--work DIR] [--seed N] [--config PATH]

Prints a Markdown table (the one in Benchmarks/README.md). The references are installed by
`make vad-eval` from Benchmarks/vad-eval-requirements.txt (versions and hashes pinned); a
reference that is not installed gets "-".
"""
import argparse
import array
import importlib.util
import json
import math
import os
import random
import subprocess
import sys
import wave
from pathlib import Path

RATE = 16000
FRAME = 320  # 20 ms
TRUTH_FLOOR_DBFS = -45.0
TRUTH_BRIDGE = 14
TRUTH_MIN = 3

AGENT_LINES = [
    "Good morning, this is Paul from the billing team, how can I help you today",
    "Let me check that for you, one moment please",
    "I can see the charge on your account, and I will refund it right now",
    "The refund takes three to five working days to reach your card",
    "Is there anything else I can do for you, about your contract or your bill",
    "Thank you for calling, and have a good day",
]
CUSTOMER_LINES = [
    "Bonjour, ma connexion internet est coupée depuis hier soir",
    "Et en plus j'ai été prélevée deux fois ce mois ci",
    "Oui, c'est bien le numéro qui finit par quarante deux",
    "D'accord, et quand est-ce que le remboursement arrive",
    "Non, ce sera tout, merci beaucoup",
]
CALLER_LINES = [
    "Hi, I am calling because my parcel never arrived, it was due on Monday",
    "The tracking number is seven seven two, four one nine, eight",
    "No, nobody left a card, and my neighbours did not take it either",
    "Alright, so you will send a new one today, that is great, thank you",
]
# Six other people talking at once: three espeak-ng voices and three flite voices.
BABBLE = [
    ("en-us+m3", "We should move the meeting to Thursday, the room is booked on Wednesday afternoon"),
    ("flite:awb", "Your order was shipped this morning and it should arrive before the weekend"),
    ("fr+m2", "Je vous transfère au service technique, ne quittez pas s'il vous plaît"),
    ("flite:rms", "Can you read me the reference number on the top right of the letter please"),
    ("de", "Ich rufe wegen meiner Rechnung an, da stimmt etwas nicht mit dem Betrag"),
    ("flite:slt", "I have updated your address and the next bill will go to the new one"),
]


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, **kwargs)


def read_wav(path):
    with wave.open(str(path)) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        samples = array.array("h", w.readframes(w.getnframes()))
    return [s / 32768.0 for s in samples]


def pcm16(samples):
    """Float samples as 16-bit little-endian PCM bytes."""
    return array.array("h", (max(-32768, min(32767, int(round(s * 32767)))) for s in samples)).tobytes()


def write_wav(path, samples):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm16(samples))


def speak(voice, text, path):
    """`voice` is an espeak-ng voice, or flite:NAME for a flite voice."""
    raw = path.with_suffix(".raw.wav")
    if voice.startswith("flite:"):
        run(["flite", "-voice", voice.split(":", 1)[1], "-t", text, "-o", str(raw)])
    else:
        run(["espeak-ng", "-v", voice, "-w", str(raw), text])
    run(["sox", "-R", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(path)])
    raw.unlink()
    return read_wav(path)


def phone_band(samples, work, name):
    source, band = work / f"{name}.in.wav", work / f"{name}.band.wav"
    write_wav(source, samples)
    run(["sox", "-R", str(source), str(band), "sinc", "300-3400"])
    return read_wav(band)


def leg_track(voice, lines, rng, work, name):
    """Lines with seeded pauses (0.4-2.5 s) and one dead air of 4 s; 1 s of silence first."""
    track = [0.0] * RATE
    dead_air_after = rng.randrange(1, len(lines) - 1)
    for index, line in enumerate(lines):
        track += speak(voice, line, work / f"{name}-{index}.wav")
        pause = 4.0 if index == dead_air_after else rng.uniform(0.4, 2.5)
        track += [0.0] * int(pause * RATE)
    return track


def frame_levels(samples):
    levels = []
    for start in range(0, len(samples) - FRAME + 1, FRAME):
        energy = sum(s * s for s in samples[start:start + FRAME]) / FRAME
        levels.append(10 * math.log10(energy) if energy > 0 else -200.0)
    return levels


def truth_frames(clean):
    return bridged([level > TRUTH_FLOOR_DBFS for level in frame_levels(clean)])


def truth_relative(clean):
    """The repository's convention: within 40 dB of the loudest frame, above -60 dBFS."""
    levels = frame_levels(clean)
    floor = max(max(levels) - 40, -60)
    loud = [level > floor for level in levels]
    return bridged(loud)


def bridged(loud):
    frames = loud[:]
    last = None
    for index, on in enumerate(loud):
        if on:
            if last is not None and 0 < index - last - 1 <= TRUTH_BRIDGE:
                for gap in range(last + 1, index):
                    frames[gap] = True
            last = index
    index = 0
    while index < len(frames):
        if frames[index]:
            end = index
            while end < len(frames) and frames[end]:
                end += 1
            if end - index < TRUTH_MIN:
                for short in range(index, end):
                    frames[short] = False
            index = end
        else:
            index += 1
    return frames


def noise_track(kind, length, rng, work):
    if kind == "babble":
        mixed = [0.0] * length
        for talker, (voice, text) in enumerate(BABBLE):
            voice_samples = speak(voice, text, work / f"babble-{talker}.wav")
            offset = rng.randrange(len(voice_samples))
            for index in range(length):
                mixed[index] += voice_samples[(index + offset) % len(voice_samples)]
        return mixed
    seconds = length / RATE + 1
    path = work / f"{kind}.wav"
    if kind == "pink":
        run(["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth", f"{seconds}", "pinknoise", "vol", "0.3"])
    else:  # street: brown and pink noise under a slow swell (traffic passing)
        run(["sox", "-R", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth", f"{seconds}", "brownnoise", "synth",
             f"{seconds}", "pinknoise", "mix", "synth", f"{seconds}", "sine", "amod", "0.15", "40", "vol", "0.3"])
    samples = read_wav(path)
    return (samples * (length // len(samples) + 1))[:length]


def mix(speech, noise, truth, snr_db):
    active = [i for i, on in enumerate(truth) if on]
    speech_power = sum(sum(s * s for s in speech[i * FRAME:(i + 1) * FRAME]) for i in active) / (len(active) * FRAME)
    noise_power = sum(n * n for n in noise) / len(noise)
    gain = math.sqrt(speech_power / (noise_power * 10 ** (snr_db / 10)))
    mixed = [s + gain * n for s, n in zip(speech, noise)]
    peak = max(abs(s) for s in mixed)
    return [s / peak * 0.9 for s in mixed] if peak > 0.9 else mixed


def codec_round_trip(samples, codec, work, name):
    """The audio after the codec, and the WAV file that holds it (`name`.wav)."""
    back = work / f"{name}.wav"
    if codec == "pcm":
        write_wav(back, samples)
        return samples, back
    source, coded = work / f"{name}.src.wav", work / f"{name}.{codec}"
    write_wav(source, samples)
    if codec == "g711":
        run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-ar", "8000", "-c:a", "pcm_mulaw", "-f", "wav", str(coded)])
    else:
        run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-c:a", "libopus", "-b:a", "24k", "-f", "ogg", str(coded)])
    run(["ffmpeg", "-v", "error", "-y", "-i", str(coded), "-ar", str(RATE), "-ac", "1", "-c:a", "pcm_s16le", str(back)])
    decoded = read_wav(back)
    return (decoded + [0.0] * len(samples))[:len(samples)], back


def ccrd_frames(ccrd, config, path, count):
    output = run([ccrd, "score", str(path), "--format", "json", "--config", config]).stdout
    events = json.loads(output)["events"]
    legs = next(e["summary"]["legs"] for e in events if e.get("type") == "call.ended")
    frames = [False] * count
    for segment in legs[0]["segments"]:
        start = int(round(segment["start"] * 50))
        for index in range(start, min(count, start + int(round(segment["length"] * 50)))):
            frames[index] = True
    return frames


def webrtc_frames(samples, mode):
    try:
        import webrtcvad
    except ImportError:
        return None
    vad = webrtcvad.Vad(mode)
    data = pcm16(samples)
    return [vad.is_speech(data[i * FRAME * 2:(i + 1) * FRAME * 2], RATE) for i in range(len(samples) // FRAME)]


def silero_frames(samples, threshold=0.5):
    """Silero VAD's ONNX model through onnxruntime, as its own wrapper feeds it: 512-sample
    chunks with 64 samples of context and a carried state. A 20 ms frame takes the decision of
    the chunk its centre falls in."""
    spec = importlib.util.find_spec("silero_vad")
    if spec is None or importlib.util.find_spec("onnxruntime") is None:
        return None
    import numpy
    import onnxruntime

    model = os.path.join(list(spec.submodule_search_locations)[0], "data", "silero_vad.onnx")
    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    state = numpy.zeros((2, 1, 128), dtype=numpy.float32)
    context = numpy.zeros((1, 64), dtype=numpy.float32)
    audio = numpy.array(samples, dtype=numpy.float32)
    chunks = []
    for start in range(0, len(audio) - 511, 512):
        chunk = audio[start:start + 512].reshape(1, 512)
        x = numpy.concatenate([context, chunk], axis=1)
        probability, state = session.run(None, {"input": x, "state": state, "sr": numpy.array(RATE, dtype=numpy.int64)})
        context = x[:, -64:]
        chunks.append(float(probability[0][0]) >= threshold)
    frames = []
    for index in range(len(samples) // FRAME):
        chunk = (index * FRAME + FRAME // 2) // 512
        frames.append(chunks[chunk] if chunk < len(chunks) else False)
    return frames


def long_gaps(frames, minimum=100):
    """Silences of 2 s or more (100 frames) between speech, as (start, end) frame pairs."""
    gaps, start = [], None
    seen_speech = False
    for index, on in enumerate(frames):
        if on:
            if start is not None and seen_speech and index - start >= minimum:
                gaps.append((start, index))
            start, seen_speech = None, True
        elif start is None:
            start = index
    return gaps


def follows(decisions, truth):
    """What the conversation metrics would see: the leg's talk time off by how much (share of the
    leg), and how many of the truth's silences of 2 s or more the detector found (a found one
    overlaps a detected silence of 2 s or more by half its length)."""
    count = min(len(decisions), len(truth))
    talk = abs(sum(decisions[:count]) - sum(truth[:count])) / count
    expected, found = long_gaps(truth[:count]), long_gaps(decisions[:count])
    hits = sum(1 for a, b in expected if any(min(b, d) - max(a, c) >= (b - a) / 2 for c, d in found))
    return f"{talk:.3f}", f"{hits}/{len(expected)}"


def call_summary(ccrd, config, left, right, path):
    """`ccrd score` of a two-leg call (left agent, right the other leg): its summary."""
    length = max(len(left), len(right))
    left, right = left + [0.0] * (length - len(left)), right + [0.0] * (length - len(right))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm16([sample for pair in zip(left, right) for sample in pair]))
    output = run([ccrd, "score", str(path), "--format", "json", "--config", config]).stdout
    return next(e["summary"] for e in json.loads(output)["events"] if e.get("type") == "call.ended")


def conversation_row(noisy, clean):
    """Talk ratio, dead air of 2 s or more, interruptions per minute: the noisy call against the
    same call clean (where ccrd agrees with the truth to 0.985 or better)."""
    ratio = noisy["metrics"].get("talkRatio")
    reference = clean["metrics"].get("talkRatio")
    spans = [(d["start"], d["start"] + d["length"]) for d in noisy["deadAirSpans"] if d["length"] >= 2]
    expected = [(d["start"], d["start"] + d["length"]) for d in clean["deadAirSpans"] if d["length"] >= 2]
    found = sum(1 for a, b in expected if any(min(b, d) - max(a, c) >= (b - a) / 2 for c, d in spans))
    minutes = clean["mediaSeconds"] / 60
    return [
        "-" if ratio is None or reference is None else f"{ratio - reference:+.3f}",
        f"{found}/{len(expected)}", f"{len(spans) - found}",
        f"{(len(noisy['interruptions']) - len(clean['interruptions'])) / minutes:+.1f}",
    ]


def agreement(decisions, truth):
    if decisions is None:
        return "-"
    count = min(len(decisions), len(truth))
    return f"{sum(1 for i in range(count) if decisions[i] == truth[i]) / count:.3f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ccrd", default=".build/debug/ccrd")
    parser.add_argument("--config", default="Config/ccrd.yaml")
    parser.add_argument("--work", default="test-artifacts/vad-noise")
    parser.add_argument("--seed", type=int, default=14)
    options = parser.parse_args()
    work = Path(options.work)
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(options.seed)
    print(f"seed {options.seed}; audio in {work}", file=sys.stderr)

    rows = []
    kept = {}
    legs = (("agent", "en-us", AGENT_LINES), ("customer", "fr+f3", CUSTOMER_LINES), ("caller", "flite:slt", CALLER_LINES))
    for leg, voice, lines in legs:
        clean = phone_band(leg_track(voice, lines, rng, work, leg), work, f"{leg}-clean")
        truth = truth_frames(clean)
        relative = truth_relative(clean)
        noises = {kind: phone_band(noise_track(kind, len(clean), rng, work), work, f"{leg}-{kind}") for kind in ("babble", "pink", "street")}
        conditions = [("clean", None, None)] + [(kind, snr, noises[kind]) for kind in noises for snr in (10, 5)]
        for kind, snr, noise in conditions:
            noisy = clean if noise is None else mix(clean, noise, truth, snr)
            for codec in ("pcm", "g711", "opus"):
                name = f"{leg}-{kind}{'' if snr is None else snr}-{codec}"
                audio, path = codec_round_trip(noisy, codec, work, name)
                kept[(leg, kind, snr, codec)] = audio
                decided = ccrd_frames(options.ccrd, options.config, path, len(truth))
                rows.append([
                    leg, kind if snr is None else f"{kind} {snr} dB", codec, f"{sum(truth) / len(truth):.2f}",
                    agreement(decided, truth), agreement(decided, relative), *follows(decided, truth),
                    agreement(webrtc_frames(audio, 2), truth), agreement(webrtc_frames(audio, 3), truth),
                    agreement(silero_frames(audio), truth),
                ])
                print(" | ".join(rows[-1]), file=sys.stderr)
    print("| leg | noise | codec | speech share | ccrd | ccrd, peak-40 truth | ccrd talk error | ccrd pauses ≥ 2 s | WebRTC 2 | WebRTC 3 | Silero |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")

    # Two-leg calls: the agent with the customer, and with the caller, each leg in its own noise
    # of the same kind and SNR; the conversation metrics against the same call clean.
    print()
    print("| call | noise | codec | talk ratio, off by | dead air ≥ 2 s found | extra dead air | interruptions per minute, off by |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for other in ("customer", "caller"):
        clean = {codec: call_summary(options.ccrd, options.config, kept[("agent", "clean", None, codec)],
                                     kept[(other, "clean", None, codec)], work / f"call-{other}-clean-{codec}.wav")
                 for codec in ("pcm", "opus")}
        for kind in ("babble", "pink", "street"):
            for snr in (10, 5):
                for codec in ("pcm", "opus"):
                    noisy = call_summary(options.ccrd, options.config, kept[("agent", kind, snr, codec)],
                                         kept[(other, kind, snr, codec)], work / f"call-{other}-{kind}{snr}-{codec}.wav")
                    row = [f"agent + {other}", f"{kind} {snr} dB", codec] + conversation_row(noisy, clean[codec])
                    print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
