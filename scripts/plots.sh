#!/usr/bin/env bash
# Regenerates the pictures of docs/seeing-backprop.md and docs/notes.md: one PNG of each plot kind, into docs/images/.
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
# 001's constructions from threshold units and RBF units (docs/notes.md), and 003's vanishing gradients.
backprop construct polygon --sides 5 --png "$out/construct-polygon.png" > /dev/null
backprop construct circle --png "$out/construct-circle.png" > /dev/null
backprop construct circles --circle -1,0,0.6 --circle 1,0,0.6 --sides 16 --png "$out/construct-circles.png" > /dev/null
backprop construct or --png "$out/construct-or.png" > /dev/null
backprop construct pulse --from 1 --to 2 --png "$out/construct-pulse.png" > /dev/null
backprop construct approximate --function sin --png "$out/construct-approximate.png" > /dev/null
backprop construct cylinders --function bump --png "$out/construct-cylinders.png" > /dev/null
backprop vanishing --png "$out/vanishing.png" > /dev/null
ls "$out"/*.png
