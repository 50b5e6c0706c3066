#!/usr/bin/env bash
# Installs and builds the peers (idempotent). Debian 12 packages need root: run as root (or with sudo) once;
# without root, missing packages are listed and the peers that need them are skipped by run.sh.
# Adapted from the team's shared peer setup (shared/bench-peers), which produced docs/performance.md's first figures.
set -uo pipefail
cd "$(dirname "$0")"
PKGS="python3-torch python3-numpy python3-sklearn python3-threadpoolctl libfann-dev libopenblas0-pthread gcc"
missing=$(for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || echo -n "$p "; done)
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  else
    echo "setup: not root, so not installing: $missing(the peers that need them will be skipped)" >&2
  fi
fi
# FANN 2.2.0 source (Debian's libfann 2.2.0+ds-8), to also build it with -O3 -march=native. A private deb-src list
# under /tmp, so the system's apt sources stay untouched. Needs root for apt-get source's sandbox user.
if [ ! -f fann/src/floatfann.c ] && [ "$(id -u)" = 0 ] && [ -f /etc/apt/sources.list.d/debian.sources ]; then
  URI=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources | head -n 1)
  A=$(mktemp -d) && echo "deb-src $URI bookworm main" > "$A/sources.list"
  O="-o Dir::Etc::SourceList=$A/sources.list -o Dir::Etc::SourceParts=/dev/null -o APT::Sandbox::User=root
     -o Dir::State::Lists=$A/lists -o Dir::Cache=$A/cache"
  mkdir -p "$A/lists/partial" "$A/cache/archives/partial"
  apt-get $O update -qq && (cd "$A" && apt-get $O source -qq libfann >/dev/null 2>&1)
  [ -d "$A"/libfann-2.2.0*/src ] && mkdir -p fann/src && cp -r "$A"/libfann-2.2.0*/src/. fann/src/
  rm -rf "$A"
fi
# TorchSharp: NuGet restore + build (the csproj patches libLibTorchSharp.so after build), and the digits split as CSV.
dotnet build torchsharp -c Release -nologo -v q 2>&1 | grep -E "error|weakened" >&2 || true
/usr/bin/python3 data.py torchsharp 2>/dev/null || echo "setup: no scikit-learn for the digits split; TorchSharp W3 will fail" >&2
