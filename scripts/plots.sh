#!/usr/bin/env bash
# Regenerates the pictures of docs/seeing-backprop.md: one PNG of each plot kind, into docs/images/.
# scripts/plots.sh [OUTPUT_DIR] (default docs/images). Builds the command first (Release); every run is seeded.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$root/docs/images}" && cd "${1:-$root/docs/images}" && pwd)"
if [[ -z "${BACKPROP_DLL:-}" ]]; then
    dotnet build "$root/src/Backprop.Cli" -c Release -v quiet -nologo
fi
backprop() { "$root/scripts/backprop" "$@"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# A regression in the target's own units (about 50 +- 10): y = 50 + 10 sin(x) on 200 points of [-3, 3].
awk 'BEGIN { print "x,y"; for (i = 0; i < 200; i++) { x = -3 + 6 * i / 199; printf "%.4f,%.4f\n", x, 50 + 10 * sin(x) } }' > sine.csv

backprop train iris --epochs 60 -q --model iris.bpmodel --plot "$out/train-classification.png"
backprop train sine.csv --label y --layers 16,16 --activation tanh --epochs 300 -q --model sine.bpmodel --plot "$out/train-regression.png"
backprop boundary spirals "$out/boundary-spirals.png"
# A saved model with two inputs: iris by its petals alone.
awk -F, '{ print $3 "," $4 "," $5 }' "$root/data/iris.csv" > petals.csv
backprop train petals.csv --label species --epochs 100 -q --model petals.bpmodel
backprop boundary petals.bpmodel "$out/boundary-model.png"
backprop boundary petals.bpmodel "$out/boundary-model-data.png" --data petals.csv
backprop trajectory "$out/trajectory.png"
ls "$out"/*.png
