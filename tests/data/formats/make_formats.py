#!/usr/bin/python3
"""tests/data/formats/make_formats.py: writes the --data format fixtures.

The files here are an independent reference for ovp's readers: they are written
by NumPy and Python, not by ovp. Run it from anywhere with Debian's
python3-numpy (a dev tool only, not a dependency of ovp):

    /usr/bin/python3 tests/data/formats/make_formats.py

Input: the iris data in shared/field/iris_plain_noheader.csv (149 rows: four
features, then a 0/1/2 label). The output is deterministic (gzip mtime=0).
"""
import csv
import gzip
import io
import os
import sys
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "shared", "field",
                                    "iris_plain_noheader.csv"))
HEADER = ["sepal_length", "sepal_width", "petal_length", "petal_width", "label"]


def out(name):
    return os.path.join(HERE, name)


def write_bytes(name, data):
    with open(out(name), "wb") as f:
        f.write(data)


def savetxt_bytes(a, **kw):
    buf = io.BytesIO()
    np.savetxt(buf, a, **kw)
    return buf.getvalue()


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else SRC
    iris = np.loadtxt(src, delimiter=",", dtype=np.float64)
    assert iris.shape == (149, 5), iris.shape
    X = np.ascontiguousarray(iris[:, :4])
    y = np.ascontiguousarray(iris[:, 4])

    # Good .npy/.npz: every one holds exactly iris (or X and y from it).
    np.save(out("iris.npy"), iris)
    np.save(out("iris_f4.npy"), iris.astype(np.float32))
    np.save(out("iris_fortran.npy"), np.asfortranarray(iris))
    np.save(out("iris_be.npy"), iris.astype(">f8"))
    np.savez(out("iris_X_y.npz"), X=X, y=y)
    np.savez_compressed(out("iris_X_y_compressed.npz"), X=X, y=y)
    np.savez(out("iris_int_label.npz"), X=X, y=y.astype(np.int64))
    assert np.load(out("iris_fortran.npy")).flags.f_contiguous

    # Bad ones: each must be refused with a clear message.
    np.save(out("complex.npy"), np.array([1 + 2j, 3 - 4j], dtype=np.complex128))
    np.save(out("object.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    np.save(out("three_d.npy"), np.arange(24, dtype=np.float64).reshape(2, 3, 4))
    good = open(out("iris.npy"), "rb").read()
    write_bytes("truncated.npy", good[:len(good) - 100])
    np.savez(out("many.npz"), a=np.zeros(3), b=np.ones(3), c=np.arange(3.0))
    np.save(out("strings.npy"), np.array(["setos", "versi", "virgi"], dtype="<U5"))
    np.savez(out("mismatch.npz"), X=np.zeros((3, 2)), y=np.zeros(2))
    np.savez(out("complex_member.npz"), X=np.zeros((3, 2), dtype=np.complex128), y=np.zeros(3))
    np.savez(out("x_1d.npz"), X=np.zeros(3), y=np.zeros(3))
    with zipfile.ZipFile(out("not_npy.npz"), "w") as z:
        # a fixed date, as np.savez writes, so the file is reproducible
        z.writestr(zipfile.ZipInfo("notes.txt", date_time=(1980, 1, 1, 0, 0, 0)), "not an array\n")

    # One unnamed array (member arr_0.npy): read as the whole dataset.
    np.savez(out("iris_single.npz"), iris)

    # The same data as text, written by NumPy/Python.
    comma = savetxt_bytes(iris, delimiter=",", fmt="%.17g")
    write_bytes("iris_comma.csv", comma)
    write_bytes("iris_tab.tsv", savetxt_bytes(iris, delimiter="\t", fmt="%.17g"))
    write_bytes("iris_semicolon.csv", savetxt_bytes(iris, delimiter=";", fmt="%.17g"))
    write_bytes("iris_savetxt_default.txt", savetxt_bytes(iris))
    write_bytes("iris_crlf.csv", savetxt_bytes(iris, delimiter=",", fmt="%.17g", newline="\r\n"))
    write_bytes("iris_cr.csv", savetxt_bytes(iris, delimiter=",", fmt="%.17g", newline="\r"))
    write_bytes("iris_bom.csv", b"\xef\xbb\xbf" + comma)
    quoted = ",".join('"%s"' % h for h in HEADER) + "\n"
    for row in iris:
        quoted += ",".join('"%.17g"' % v for v in row) + "\n"
    write_bytes("iris_quoted.csv", quoted.encode("ascii"))
    write_bytes("iris_comma.csv.gz", gzip.compress(comma, compresslevel=9, mtime=0))

    # Every text file reads back to iris exactly.
    for name, delim in [("iris_comma.csv", ","), ("iris_tab.tsv", "\t"),
                        ("iris_semicolon.csv", ";"), ("iris_savetxt_default.txt", None),
                        ("iris_crlf.csv", ",")]:
        assert np.array_equal(np.loadtxt(out(name), delimiter=delim), iris), name
    raw = open(out("iris_cr.csv"), "rb").read()
    assert b"\n" not in raw and raw.replace(b"\r", b"\n") == comma
    assert open(out("iris_bom.csv"), "rb").read()[3:] == comma
    assert gzip.decompress(open(out("iris_comma.csv.gz"), "rb").read()) == comma
    with open(out("iris_quoted.csv"), newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER and np.array_equal(np.array(rows[1:], dtype=np.float64), iris)
    print("numpy", np.__version__, "wrote fixtures to", HERE)


if __name__ == "__main__":
    main()
