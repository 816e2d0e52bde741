"""Near-duplicate articles: two copies of one story that differ by spacing, punctuation or a few
words are one article.

An article's fingerprint is a MinHash signature of its word 5-grams (the standard estimate of
their Jaccard similarity), cut into bands for locality-sensitive hashing: the store indexes each
band's hash, so finding the stored articles that may be near-duplicates of a new one is a few
indexed lookups at any store size, and only those few are compared signature to signature.
Written with numpy rather than datasketch, whose import alone (scipy) costs more than an
article's analysis.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

NUM_PERM = 128
BANDS, ROWS = 16, 8  # candidates above a Jaccard similarity of about (1/16)^(1/8) = 0.7
SHINGLE_WORDS = 5
THRESHOLD = 0.9  # estimated Jaccard similarity of word 5-grams from which two texts are one article
_PRIME = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1
_CHUNK = 8192  # shingles hashed at once: bounds memory on long articles
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return (rng.integers(1, _MAX_HASH, NUM_PERM, dtype=np.uint64),
            rng.integers(0, _MAX_HASH, NUM_PERM, dtype=np.uint64))


def shingle_hashes(text: str) -> np.ndarray:
    """A 32-bit hash of each distinct run of SHINGLE_WORDS words (lower-cased, punctuation
    ignored): words hashed once each (CRC-32), runs combined with numpy, not word by word."""
    words = _WORD.findall(text.lower()) or [""]
    codes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE_WORDS, len(codes))
    runs = len(codes) - width + 1
    combined = np.zeros(runs, dtype=np.uint64)
    for k in range(width):  # a polynomial over the run's word hashes, modulo 2^64
        combined = combined * np.uint64(1_000_003) + codes[k:k + runs]
    combined ^= combined >> np.uint64(31)  # mix the high bits into the 32 kept
    combined *= np.uint64(0x9E3779B97F4A7C15)
    return np.unique((combined >> np.uint64(32)) & np.uint64(_MAX_HASH))


def signature(text: str) -> np.ndarray:
    """The minimum of each of NUM_PERM hash permutations over the text's shingles."""
    a, b = _permutations()
    found = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    hashed = shingle_hashes(text)
    for start in range(0, len(hashed), _CHUNK):
        permuted = ((hashed[start:start + _CHUNK, None] * a + b) % _PRIME) & _MAX_HASH  # all < 2^32: no overflow
        found = np.minimum(found, permuted.min(axis=0))
    return found.astype("<u4")


@dataclass(frozen=True)
class Fingerprint:
    signature: bytes
    bands: tuple[tuple[int, int], ...]  # (band number, hash of its rows)

    def similarity(self, other: bytes) -> float:
        mine, theirs = np.frombuffer(self.signature, dtype="<u4"), np.frombuffer(other, dtype="<u4")
        return float(np.mean(mine == theirs)) if len(mine) == len(theirs) else 0.0

    def matches(self, other: bytes) -> bool:
        return self.similarity(other) >= THRESHOLD


def fingerprint(text: str) -> Fingerprint:
    raw = signature(text).tobytes()
    width = ROWS * 4
    bands = tuple(
        (band, int.from_bytes(hashlib.blake2b(raw[band * width:(band + 1) * width], digest_size=8).digest(),
                              "big", signed=True))
        for band in range(BANDS))
    return Fingerprint(raw, bands)
