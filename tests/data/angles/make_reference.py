#!/usr/bin/python3
"""Multiprecision references for ovp's angles and lambda0 (tests/test_angle.c).

Run once with Debian's python3-mpmath (1.2.1 here); the outputs are committed:
  angles.csv   d, theta, u_1..u_3, v_1..v_3, reference angle
  pairs.csv    t, rows x_1..x_3 (3 entries each), reference lambda0 of H_inf
Every input is a double as stored (printed with 17 significant digits, so it
reads back exactly); the reference is the exact value for those doubles,
computed with 60 decimal digits, so it owes nothing to how ovp rounds.
"""
import mpmath as mp

mp.mp.dps = 60


def stored(x):
    """x rounded to a double, as printed and read back."""
    return float(repr(float(x)))


def angle(u, v):
    u = [mp.mpf(a) for a in u]
    v = [mp.mpf(b) for b in v]
    nu = mp.sqrt(sum(a * a for a in u))
    nv = mp.sqrt(sum(b * b for b in v))
    c = sum(a * b for a, b in zip(u, v)) / (nu * nv)
    # acos is exact at this precision except right at 1; use the atan2 form
    dm = mp.sqrt(sum((a / nu - b / nv) ** 2 for a, b in zip(u, v)))
    dp = mp.sqrt(sum((a / nu + b / nv) ** 2 for a, b in zip(u, v)))
    return 2 * mp.atan2(dm, dp)


def hinf(X):
    n = len(X)
    H = mp.matrix(n, n)
    for i in range(n):
        for j in range(n):
            xi = [mp.mpf(a) for a in X[i]]
            xj = [mp.mpf(b) for b in X[j]]
            c = sum(a * b for a, b in zip(xi, xj))
            t = mp.mpf(0) if i == j else angle(X[i], X[j])
            H[i, j] = c * (mp.pi - t) / (2 * mp.pi)
    return H


def lambda_min(H):
    return min(mp.re(e) for e in mp.eigsy(H)[0])


# A fixed unit-ish direction and a unit vector orthogonal to it.
u = [stored(x) for x in (0.6, 0.48, 0.64)]
w = [stored(x) for x in (0.8, -0.36, -0.48)]  # u.w = 0.48 - 0.1728 - 0.3072 = 0 in exact arithmetic


def rotate(t):
    """u turned by t towards w, rounded to doubles."""
    c, s = mp.cos(t), mp.sin(t)
    return [stored(c * mp.mpf(a) + s * mp.mpf(b)) for a, b in zip(u, w)]


def g(x):
    return mp.nstr(x, 17, min_fixed=0, max_fixed=0) if isinstance(x, mp.mpf) else repr(x)


ts = [mp.mpf(10) ** (-k / mp.mpf(2)) for k in range(0, 25)]  # 1 ... 1e-12
with open("angles.csv", "w") as f:
    f.write("theta,u1,u2,u3,v1,v2,v3,reference\n")
    for t in ts + [mp.pi - t for t in ts] + [mp.pi / 2]:
        v = rotate(t)
        f.write(",".join([g(float(t))] + [repr(a) for a in u] + [repr(b) for b in v] + [g(angle(u, v))]) + "\n")

with open("pairs.csv", "w") as f:
    f.write("t,x11,x12,x13,x21,x22,x23,x31,x32,x33,lambda0\n")
    third = [stored(x) for x in (0.0, 0.8, -0.6)]  # orthogonal to u
    for k in range(0, 19):  # 1 ... 1e-9 rad
        t = mp.mpf(10) ** (-k / mp.mpf(2))
        X = [u, rotate(t), third]
        f.write(",".join([g(float(t))] + [repr(a) for row in X for a in row] + [g(lambda_min(hinf(X)))]) + "\n")
