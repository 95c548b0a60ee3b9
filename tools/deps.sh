#!/usr/bin/env bash
# Install what exposcan needs on Debian 12 (build, tests, benchmarks' peers).
# Idempotent: installs only what is missing.
set -euo pipefail
pkgs=(build-essential meson ninja-build pkg-config python3
      libpcre2-dev libzip-dev libxml2-dev zlib1g-dev libisal-dev libmagic-dev libmagic-mgc libcmocka-dev
      mecab-ipadic libtext-names-perl
      clang libclang-rt-14-dev llvm
      strace util-linux)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
