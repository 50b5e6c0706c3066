#!/usr/bin/python3
"""Backprop's defaults beside scikit-learn's MLP in the pipeline a careful user writes, on the bundled real data sets.

Usage: scripts/compare-sklearn/compare.py [--seeds 5] [--sets name,...]
  Needs python3-sklearn and python3-pandas (Debian) and a Release build of the CLI:
  dotnet build src/Backprop.Cli -c Release

For every data set and seed 0..4: `backprop train FILE --label L --seed S` (plus only output options: --quiet
--json --model), which holds out 25% itself (stratified for classification); and scikit-learn on its own 75/25
split with the same seed: median imputation + standard scaling for numbers, most-frequent imputation + one-hot
(unknown categories ignored) for text columns, MLPClassifier() / MLPRegressor() with default settings, the
regression target standardised (TransformedTargetRegressor). Rows without a label are dropped on both sides. Both
use one thread. Prints, per set, the medians of the test score (accuracy, or R^2 for regression) and of the
training time (Backprop: the `seconds` it reports for training; scikit-learn: the pipeline's fit), side by side.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(ROOT, "src", "Backprop.Cli", "bin", "Release", "net10.0", "backprop.dll")
MISSING = ["", "NA", "N/A", "NaN", "?", "null", "None", "na", "nan", "NULL", "none"]

# file, label, task
SETS = [
    ("penguins.csv", "Species", "classification"),
    ("cars.csv", "Miles_per_Gallon", "regression"),
    ("movies.csv", "IMDB Rating", "regression"),
    ("diabetes.csv", "progression", "regression"),
    ("breast-cancer.csv", "diagnosis", "classification"),
    ("wine.csv", "cultivar", "classification"),
    ("seattle-weather.csv", "weather", "classification"),
    ("zipcodes.csv", "state", "classification"),
]


def backprop(path, label, seed):
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["dotnet", CLI, "train", path, "--label", label, "--seed", str(seed),
                              "--quiet", "--json", "--model", os.path.join(tmp, "m.bpmodel")],
                             capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    score = result["test_accuracy"] if result["task"] == "classification" else result["test_r2"]
    return score, result["seconds"]


def sklearn_run(path, label, task, seed):
    frame = pd.read_csv(path, na_values=MISSING, keep_default_na=True)
    frame = frame[frame[label].notna()]
    y = frame[label]
    x = frame.drop(columns=[label])
    numeric = [c for c in x.columns if pd.api.types.is_numeric_dtype(x[c])]
    text = [c for c in x.columns if c not in numeric]
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), text),
    ])
    if task == "classification":
        model = make_pipeline(pre, MLPClassifier(random_state=seed))
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)
    else:
        model = TransformedTargetRegressor(make_pipeline(pre, MLPRegressor(random_state=seed)), transformer=StandardScaler())
        x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed)
    start = time.perf_counter()
    model.fit(x_train, y_train)
    seconds = time.perf_counter() - start
    return model.score(x_test, y_test), seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sets", default="")
    args = parser.parse_args()
    wanted = set(args.sets.split(",")) if args.sets else None
    import warnings
    warnings.filterwarnings("ignore")   # ConvergenceWarning at max_iter: the default is the default
    print(f"{'data set':22} {'rows':>6} {'task':>6}  {'score':>6} {'Backprop':>9} {'sklearn':>8} {'diff':>7}  {'Backprop s':>10} {'sklearn s':>9}")
    for file, label, task in SETS:
        name = file[:-4]
        if wanted and name not in wanted:
            continue
        path = os.path.join(ROOT, "data", file)
        rows = sum(1 for _ in open(path)) - 1
        ours = [backprop(path, label, seed) for seed in range(args.seeds)]
        theirs = [sklearn_run(path, label, task, seed) for seed in range(args.seeds)]
        b, s = statistics.median(o[0] for o in ours), statistics.median(t[0] for t in theirs)
        bt, st = statistics.median(o[1] for o in ours), statistics.median(t[1] for t in theirs)
        metric = "acc" if task == "classification" else "R^2"
        print(f"{name:22} {rows:>6} {task[:6]:>6}  {metric:>6} {b:>9.4f} {s:>8.4f} {b - s:>+7.4f}  {bt:>10.2f} {st:>9.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
