#!/usr/bin/env bash
# Packs the library (the only packable project) into a NuGet package: scripts/pack.sh [OUTPUT_DIR], default artifacts/packages.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/packages}"
dotnet pack src/Backprop/Backprop.csproj -c Release -o "$out"
ls "$out"/Backprop.*.nupkg
