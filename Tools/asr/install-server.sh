#!/bin/sh
# Installs the OpenAI-compatible transcription server the external-engine test talks to
# (faster-whisper-server 0.0.3, pinned by hash in server-requirements.txt) into DIR/openai-server,
# once. It serves the CTranslate2 Whisper base model `install.sh` keeps in DIR/ct2-base, offline.
# Usage: Tools/asr/install-server.sh [DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-.build-asr}
venv="$dir/openai-server"
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$here/server-requirements.txt" | cut -d' ' -f1)
if [ -x "$venv/bin/faster-whisper-server" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --no-deps --only-binary :all: --require-hashes -r "$here/server-requirements.txt"
echo "$want" > "$stamp"
echo "transcription test server ready: $venv/bin/faster-whisper-server"
