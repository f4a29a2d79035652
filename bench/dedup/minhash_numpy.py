#!/usr/bin/python3
"""minhash_numpy.py: the datasketch MinHash computation in numpy, on the
shingle hashes minhash_bench wrote, timed, and checked against the C
signatures (they must be identical: same permutations, same arithmetic).

datasketch's MinHash.update_batch does, per document:
    phv = (hv * a + b) % _mersenne_prime & _max_hash     (uint64 numpy)
    hashvalues = np.vstack([phv, hashvalues]).min(axis=0)
with hv a column of 32-bit item hashes. The same is done here (the byte
hashing itself is not timed on either side).

Usage: minhash_numpy.py FILE.bin C_SECONDS [repeats]
"""
import struct
import sys
import time

import numpy as np

MERSENNE = np.uint64((1 << 61) - 1)
MAXHASH = np.uint64((1 << 32) - 1)


def main():
    path, c_seconds = sys.argv[1], float(sys.argv[2])
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    raw = open(path, "rb").read()
    n, k = struct.unpack_from("<II", raw, 0)
    off = 8
    a = np.frombuffer(raw, dtype="<u8", count=k, offset=off).astype(np.uint64)
    off += 8 * k
    b = np.frombuffer(raw, dtype="<u8", count=k, offset=off).astype(np.uint64)
    off += 8 * k
    docs, sigs = [], []
    for _ in range(n):
        (c,) = struct.unpack_from("<I", raw, off)
        off += 4
        docs.append(np.frombuffer(raw, dtype="<u4", count=c, offset=off).astype(np.uint64))
        off += 4 * c
        sigs.append(np.frombuffer(raw, dtype="<u4", count=k, offset=off))
        off += 4 * k
    best = 1e9
    out = None
    with np.errstate(over="ignore"):
        for _ in range(reps):
            t0 = time.perf_counter()
            res = []
            for hv in docs:
                hashvalues = np.full(k, MAXHASH, dtype=np.uint64)
                if len(hv):
                    phv = np.bitwise_and((hv[:, None] * a + b) % MERSENNE, MAXHASH)
                    hashvalues = np.vstack([phv, hashvalues]).min(axis=0)
                res.append(hashvalues)
            dt = time.perf_counter() - t0
            if dt < best:
                best, out = dt, res
    same = all(np.array_equal(x.astype(np.uint32), y) for x, y in zip(out, sigs))
    print("numpy    %d docs, %d permutations: %.4f s (best of %d), %.0f docs/s" %
          (n, k, best, reps, n / best))
    print("signatures identical to C: %s" % ("yes" if same else "NO"))
    print("speed ratio C / numpy-datasketch: %.1fx" % (best / c_seconds))
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
