"""Reference timings for `MlAlm.Bench learners`: scikit-learn's LogisticRegression (lbfgs) on the
same CSV file and the same 70/30 split (row order written by the C# bench as little-endian int32).

usage: sklearn_logistic.py CSV PERMUTATION TRAIN_ROWS C RUNS
Prints one line of JSON.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def main():
    csv_path, perm_path, train_rows, c, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    cache = csv_path + ".npy"
    start = time.perf_counter()
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(csv_path):
        data = np.load(cache)
        load_source = "npy cache"
    else:
        data = np.loadtxt(csv_path, delimiter=",", skiprows=1, dtype=np.float64)
        np.save(cache, data)
        load_source = "csv"
    load_seconds = time.perf_counter() - start

    order = np.fromfile(perm_path, dtype="<i4")
    x, y = data[:, :-1], data[:, -1]
    train, test = order[:train_rows], order[train_rows:]
    x_train, y_train = np.ascontiguousarray(x[train]), y[train]
    x_test, y_test = np.ascontiguousarray(x[test]), y[test]

    times, model = [], None
    for _ in range(runs):
        model = LogisticRegression(C=c, solver="lbfgs", max_iter=10000)
        start = time.perf_counter()
        model.fit(x_train, y_train)
        times.append(time.perf_counter() - start)
    auc = roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])
    print(json.dumps({
        "load_seconds": load_seconds, "load_source": load_source, "fit_seconds": times,
        "iterations": int(model.n_iter_[0]), "auc": auc,
        "intercept": float(model.intercept_[0]), "coef": [float(v) for v in model.coef_[0]],
    }))


if __name__ == "__main__":
    main()
