#!/usr/bin/env bash
# The Debian packages the tests need (root, or sudo): docker-registry (the CNCF Distribution
# server) and apache2-utils (htpasswd, for the Basic-auth registry) for the image-pinning tests;
# chromium and chromium-driver for the HTML report's test in a real headless browser, with
# fonts-liberation so its text renders; valgrind for the benchmark's instruction counts
# (benchmarks/ab_checkouts.py --instructions, tested in tests/test_benchmarks.py). Idempotent: installs only what is missing. Quiet: apt's
# output is for the log scripts/lib/steps.sh keeps when a step fails.
set -euo pipefail

declare -A have=(
    [docker-registry]=/usr/bin/docker-registry
    [apache2-utils]=/usr/bin/htpasswd
    [chromium]=/usr/bin/chromium
    [chromium-driver]=/usr/bin/chromedriver
    [fonts-liberation]=/usr/share/fonts/truetype/liberation
    [valgrind]=/usr/bin/valgrind
)
need=()
for pkg in docker-registry apache2-utils chromium chromium-driver fonts-liberation valgrind; do
    [[ -e ${have[$pkg]} ]] || need+=("$pkg")
done
if (( ${#need[@]} == 0 )); then
    echo "install-debian-packages: all present"
    exit 0
fi

SUDO=()
if [[ $(id -u) != 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-debian-packages: needs root (or sudo) to install: ${need[*]}" >&2
        exit 1
    fi
    SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -q update
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${need[@]}"

# The registry package's service (if an init system started one) listens on every interface with
# the default config; the tests never use it. Stop it when we can.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
    "${SUDO[@]}" systemctl stop docker-registry || true
fi
echo "install-debian-packages: installed ${need[*]}"
