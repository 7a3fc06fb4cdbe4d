#!/bin/sh
# Installs what the `registry` tests need: Debian's docker-registry (the CNCF
# Distribution server) and htpasswd (apache2-utils) to write the bcrypt
# htpasswd file for the Basic-auth registry fixture. Idempotent.
set -eu

need=""
[ -x /usr/bin/docker-registry ] || need="$need docker-registry"
command -v htpasswd >/dev/null 2>&1 || need="$need apache2-utils"

if [ -z "$need" ]; then
    echo "install-registry: docker-registry and htpasswd already present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
# shellcheck disable=SC2086
$SUDO apt-get install -y --no-install-recommends $need

# The package's service (if an init system started one) listens on every
# interface with the default config; the tests never use it.  Stop it when we can.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
    $SUDO systemctl stop docker-registry || true
fi

/usr/bin/docker-registry --version || true
command -v htpasswd
