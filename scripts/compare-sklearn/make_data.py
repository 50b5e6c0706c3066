#!/usr/bin/python3
"""Writes the comparison data sets into data/ from their public sources (see data/README.md).

Usage: make_data.py VEGA_DATASETS_DIR
  VEGA_DATASETS_DIR: the unpacked npm package vega-datasets 3.2.1 (`npm pack vega-datasets@3.2.1`), its data/ folder.
The scikit-learn sets come from the python3-sklearn Debian package (sklearn/datasets/data). Missing values are
written as NA. Only column selection and renaming happen here; no value is changed.
"""
import csv, gzip, json, os, sys
import sklearn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "data")
SK = os.path.join(os.path.dirname(sklearn.__file__), "datasets", "data")


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["NA" if v is None or v == "" else v for v in r])


def vega(vd):
    penguins = json.load(open(os.path.join(vd, "penguins.json")))
    cols = list(penguins[0])
    write("penguins.csv", cols, [[p[c] for c in cols] for p in penguins])

    cars = json.load(open(os.path.join(vd, "cars.json")))
    cols = ["Miles_per_Gallon", "Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration", "Year", "Origin"]
    write("cars.csv", cols, [[c[k] if k != "Year" else c[k][:4] for k in cols] for c in cars])

    movies = json.load(open(os.path.join(vd, "movies.json")))
    cols = ["IMDB Rating", "US Gross", "Worldwide Gross", "US DVD Sales", "Production Budget", "Running Time min",
            "Rotten Tomatoes Rating", "IMDB Votes", "MPAA Rating", "Major Genre", "Creative Type", "Source"]
    write("movies.csv", cols, [[m[c] for c in cols] for m in movies])

    with open(os.path.join(vd, "seattle-weather.csv")) as f:
        rows = list(csv.DictReader(f))
    cols = ["precipitation", "temp_max", "temp_min", "wind", "weather"]
    write("seattle-weather.csv", cols, [[r[c] for c in cols] for r in rows])

    with open(os.path.join(vd, "zipcodes.csv")) as f:
        rows = list(csv.DictReader(f))
    states = {}
    for r in rows:
        states[r["state"]] = states.get(r["state"], 0) + 1
    # The 50 states and DC; territories with a handful of zip codes cannot be split 75/25 per class.
    keep = {s for s, n in states.items() if n >= 20}
    write("zipcodes.csv", ["latitude", "longitude", "state"],
          [[r["latitude"], r["longitude"], r["state"]] for r in rows if r["state"] in keep and r["latitude"] and r["longitude"]])


def sk():
    names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
    x = [l.split() for l in gzip.open(os.path.join(SK, "diabetes_data_raw.csv.gz"), "rt").read().strip().split("\n")]
    y = gzip.open(os.path.join(SK, "diabetes_target.csv.gz"), "rt").read().split()
    write("diabetes.csv", names + ["progression"], [a + [b] for a, b in zip(x, y)])

    from sklearn.datasets import load_breast_cancer, load_wine
    for name, loader, label in [("breast-cancer.csv", load_breast_cancer, "diagnosis"), ("wine.csv", load_wine, "cultivar")]:
        d = loader()
        classes = list(d.target_names)
        write(name, [n.replace(" ", "_") for n in d.feature_names] + [label],
              [[repr(float(v)) for v in row] + [classes[t]] for row, t in zip(d.data, d.target)])


if __name__ == "__main__":
    vega(sys.argv[1])
    sk()
