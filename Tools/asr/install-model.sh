#!/bin/sh
# Puts the transcription model `make asr` converted (SOURCE, default .build-asr/ggml-base.bin)
# into a state directory's models/ folder, where ccrd looks for it by default
# (transcription.model: models/ggml-base.bin beside the state database), checked by hash.
# Nothing to do when it is there already with the right hash.
# Usage: Tools/asr/install-model.sh STATE_DIR [SOURCE]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
state=$1
source=${2:-.build-asr/ggml-base.bin}
sha256=$(sed -n 's/^ggml_sha256=//p' "$here/install.sh")
target="$state/models/ggml-base.bin"
if [ -f "$target" ] && echo "$sha256  $target" | sha256sum -c --status; then
  exit 0
fi
if ! echo "$sha256  $source" | sha256sum -c --status 2>/dev/null; then
  echo "install-model: $source is missing or not the model Tools/asr/install.sh makes: run make asr" >&2
  exit 1
fi
install -d -m 0700 "$state/models"
install -m 0600 "$source" "$target.tmp"
mv "$target.tmp" "$target"
echo "transcription model installed: $target"
