#!/usr/bin/env python3
"""Is the mode tag of a made data set audible? (experiments/RESULTS.md, the made clips' mode.)

No training: each clip's chromagram (power of an 8192-point STFT between 80 Hz and 2 kHz, folded onto the 12
pitch classes and averaged over the clip) scored by how much better the best-fitting minor triad fits it than
the best-fitting major triad, in any of the 12 keys; the ROC-AUC of that score for the tag mode---minor.
Reads the 16-bit mono WAVs and autotagging.tsv that `emorec data make-audio` writes. Needs numpy (in .venv).

Usage: .venv/bin/python experiments/audio/mode_by_chroma.py made-data/audio-mma [--clips N] [--json]
"""
import argparse
import json
import os
import sys
import wave

import numpy as np


def chroma(path):
    with wave.open(path) as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16-bit mono WAV as make-audio writes")
        x = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(np.float64)
        rate = w.getframerate()
    n, hop = 8192, 2048
    if len(x) < n:
        raise ValueError(f"{path}: shorter than {n} samples")
    frames = np.stack([x[i:i + n] * np.hanning(n) for i in range(0, len(x) - n + 1, hop)])
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    f = np.fft.rfftfreq(n, 1 / rate)
    band = (f > 80) & (f < 2000)
    pitch_class = np.round(12 * np.log2(f[band] / 440.0)).astype(int) % 12
    c = np.zeros(12)
    np.add.at(c, pitch_class, power[:, band].mean(axis=0))
    return c / max(c.sum(), 1e-30)


def minor_minus_major(c):
    fit = lambda third: max(c[k] + c[(k + third) % 12] + c[(k + 7) % 12] for k in range(12))
    return fit(3) - fit(4)


def roc_auc(score, positive):
    ranks = np.empty(len(score))
    ranks[np.argsort(score, kind="stable")] = np.arange(1, len(score) + 1)
    npos, nneg = positive.sum(), (~positive).sum()
    return (ranks[positive].sum() - npos * (npos + 1) / 2) / (npos * nneg)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", help="a folder written by emorec data make-audio")
    ap.add_argument("--clips", type=int, default=0, help="the first N clips only (0: all)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    tsv = os.path.join(a.root, "autotagging.tsv")
    with open(tsv) as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    if a.clips > 0:
        rows = rows[:a.clips]
    score, minor = [], []
    for line, r in enumerate(rows, start=2):
        if len(r) < 6:
            sys.exit(f"{tsv}:{line}: expected TRACK_ID, ARTIST_ID, ALBUM_ID, PATH, DURATION and tags")
        score.append(minor_minus_major(chroma(os.path.join(a.root, r[3]))))
        minor.append("mode---minor" in r[5:])
    minor = np.array(minor)
    if minor.all() or not minor.any():
        sys.exit(f"{tsv}: the clips read are all of one mode")
    auc = float(roc_auc(np.array(score), minor))
    if a.json:
        print(json.dumps({"clips": len(rows), "minor": int(minor.sum()), "roc_auc_mode_minor": auc}))
    else:
        print(f"{len(rows)} clips ({int(minor.sum())} minor): ROC-AUC of the minor-minus-major triad fit for "
              f"mode---minor {auc:.4f}")


if __name__ == "__main__":
    main()
