#!/usr/bin/env bash
# Backprop beside its peers, alternating: each round runs Backprop (bench/Backprop.Bench, ONNX Runtime inside it),
# then every peer that is set up here; then the medians over rounds and Backprop's ratio to each peer.
#   bench/peers/run.sh [-n ROUNDS] [-t "1 2"] [--no-setup]
# ROUNDS defaults to 3, threads to "1 2" (W1, W3 and the peak figures on 1 thread only: the peers' own choice).
# A peer that cannot be set up on this machine is listed as skipped, and the run goes on without it.
# Writes logs/run_<UTC time>.md (every row of every round), .summary.md (the table) and .err (peers' stderr).
# Adapted from the team's shared peer scripts (shared/bench-peers: run_all.sh), which ran each peer once.
set -uo pipefail
cd "$(dirname "$0")"
ROUNDS=3 THREADS="1 2" SETUP=1
while [ $# -gt 0 ]; do
  case $1 in
    -n|--rounds) ROUNDS=$2; shift 2 ;;
    -t|--threads) THREADS=$2; shift 2 ;;
    --no-setup) SETUP=0; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p logs
LOG=logs/run_$(date -u +%Y%m%d_%H%M%S)
PY=/usr/bin/python3
[ "$SETUP" = 1 ] && ./setup.sh 2>>"$LOG.err"
dotnet build ../Backprop.Bench -c Release -nologo -v q >>"$LOG.err" 2>&1 || { echo "run.sh: Backprop.Bench does not build (see $LOG.err)" >&2; exit 1; }
BENCH=../Backprop.Bench/bin/Release/net10.0/Backprop.Bench.dll
TS=torchsharp/bin/Release/net10.0/TorchSharpBench.dll

# Which peers run here: each check is what the peer needs, and its failure is the reason given.
declare -A SKIP
$PY -c "import numpy, threadpoolctl" 2>/dev/null || SKIP[numpy]="no numpy/threadpoolctl for $PY"
gcc -O2 -march=native -fopenmp -o peak_fma peak_fma.c 2>>"$LOG.err" || SKIP[fma]="peak_fma.c does not build (gcc with OpenMP)"
$PY -c "import torch" 2>/dev/null || SKIP[torch]="no PyTorch for $PY (Debian python3-torch)"
$PY -c "import sklearn" 2>/dev/null || SKIP[sklearn]="no scikit-learn for $PY (Debian python3-sklearn)"
gcc -O3 -march=native -o fann/fann_bench_deb fann/fann_bench.c -lfloatfann -lm 2>>"$LOG.err" || SKIP[fanndeb]="no libfloatfann (Debian libfann-dev)"
[ -f fann/src/floatfann.c ] && gcc -O3 -march=native -w -Ifann/src/include -o fann/fann_bench_src fann/fann_bench.c fann/src/floatfann.c -lm 2>>"$LOG.err" ||
  SKIP[fannsrc]="no FANN 2.2.0 source in fann/src (setup.sh fetches it as root)"
{ [ -f "$TS" ] && [ -f torchsharp/digits_train.csv ] && dotnet "$TS" 1 none 2>>"$LOG.err"; } || SKIP[torchsharp]="TorchSharp does not build or load here (see $LOG.err)"
runs() { [ -z "${SKIP[$1]:-}" ]; }
peer() {   # peer NAME COMMAND...: runs one peer's command; a failure is noted and the run goes on
  "${@:2}" 2>>"$LOG.err" || echo "<!-- $1 failed: exit $? (stderr in $LOG.err) -->"
}

{
  echo "# Backprop and peers, $ROUNDS alternating rounds, threads $THREADS, $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "machine: $(lscpu | sed -n 's/^Model name: *//p'); $(nproc) cores; avx512f: $(grep -qw avx512f /proc/cpuinfo && echo yes || echo no); load average at start: $(cut -d' ' -f1-3 /proc/loadavg); dotnet $(dotnet --version)"
  for p in "${!SKIP[@]}"; do echo "skipped: $p: ${SKIP[$p]}"; done
  for r in $(seq "$ROUNDS"); do
    echo
    echo "## round $r"
    echo
    echo "| workload | peer | setting | median (min-max) | unit | note |"
    echo "|---|---|---|---|---|---|"
    for t in $THREADS; do
      if [ "$t" = 1 ]; then W="w1 w2 w3"; else W="w2"; fi
      # Backprop first in every round, then the peers.
      peer backprop bash -c "dotnet $BENCH ${W} ort --threads $t --rounds 3 --json | $PY backprop_rows.py"
      if [ "$r" = 1 ]; then
        runs numpy && peer numpy env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t $PY peak_numpy.py
      fi
      runs torch && peer torch $PY torch_bench.py "$t" $W
      [ "$t" != 1 ] && runs torch && peer torch env OMP_WAIT_POLICY=PASSIVE $PY torch_bench.py "$t" $W
      runs sklearn && peer sklearn $PY sklearn_bench.py "$t" $W
      runs torchsharp && peer torchsharp dotnet "$TS" "$t" $W
      if [ "$t" = 1 ]; then
        runs fanndeb && peer fann fann/fann_bench_deb "FANN 2.2.0 (deb libfloatfann)" 5000
        runs fannsrc && peer fann fann/fann_bench_src "FANN 2.2.0 (src, gcc -O3 -march=native)" 5000
      fi
    done
    [ "$r" = 1 ] && runs fma && peer fma ./peak_fma
  done
} | tee "$LOG.md"
echo
$PY summarize.py "$LOG.md" | tee "$LOG.summary.md"
