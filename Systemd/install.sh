#!/bin/sh
# Installs ccrd for systemd: the binary, the configuration (kept if already there), the unit,
# and, on the first install, an admin token printed once. Run as root from the repository:
#   make install            (builds the release binary, then runs this script)
#   sh Systemd/install.sh [BINARY]
# DESTDIR=/some/root installs under that root instead (packaging, and the test that checks this
# script); systemctl is then left alone.
set -eu

binary="${1:-.build/release/ccrd}"
root="${DESTDIR:-}"

if [ ! -x "$binary" ]; then
    echo "install: $binary is not an executable ccrd; build it first (make build-release)" >&2
    exit 1
fi

install -d -m 0755 "$root/usr/local/bin" "$root/etc/systemd/system"
install -d -m 0750 "$root/etc/ccrd"
install -m 0755 "$binary" "$root/usr/local/bin/ccrd"
# Transcription's library (make asr), where the binary looks first: $ORIGIN/../lib/ccrd.
if [ -d .build-asr/lib ]; then
    install -d -m 0755 "$root/usr/local/lib/ccrd"
    cp -a .build-asr/lib/. "$root/usr/local/lib/ccrd/"
fi
if [ -e "$root/etc/ccrd/ccrd.yaml" ]; then
    echo "install: keeping the existing $root/etc/ccrd/ccrd.yaml"
else
    install -m 0640 Config/ccrd.yaml "$root/etc/ccrd/ccrd.yaml"
fi
install -m 0644 Systemd/ccrd.service "$root/etc/systemd/system/ccrd.service"
"$root/usr/local/bin/ccrd" check-config --config "$root/etc/ccrd/ccrd.yaml"

# The state directory belongs to the service's dynamic user; systemd moves it to
# /var/lib/private/ccrd and gives it (and the database) to that user on the first start.
database="$root/var/lib/ccrd/ccrd.sqlite"
if [ -e "$database" ] || [ -e "$root/var/lib/private/ccrd/ccrd.sqlite" ]; then
    echo "install: the state database exists; tokens are unchanged (ccrd token list)"
else
    install -d -m 0700 "$root/var/lib/ccrd"
    token=$(umask 077 && CCRD_STORAGE_PATH="$database" "$root/usr/local/bin/ccrd" token create --role admin --label "first admin" \
        --config "$root/etc/ccrd/ccrd.yaml")
    echo "install: the first admin token (shown only now; keep it in a password manager):"
    echo "$token"
fi

# The transcription model, converted by `make asr`, into the state directory (checked by hash).
if [ -f .build-asr/ggml-base.bin ]; then
    if [ -d "$root/var/lib/private/ccrd" ]; then state="$root/var/lib/private/ccrd"; else state="$root/var/lib/ccrd"; fi
    install -d -m 0700 "$state"
    sh Tools/asr/install-model.sh "$state" .build-asr/ggml-base.bin
fi

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    echo "install: done. Start it with: systemctl enable --now ccrd"
else
    echo "install: done under ${root:-/} (systemd is not running here: nothing was started)"
fi
