"""FER2013 from the shipped image archive, read as EmoRec reads it (src/data/fer/fer2013.cpp): entries of
train/<emotion>/Training_*.jpg and test/<emotion>/{PublicTest,PrivateTest}_*.jpg, sorted by path, labels in the
CSV order, the split from the file-name prefix. Decoded once (jpeg.py, the same pixels as EmoRec's stb_image) and
cached as .npz, like EmoRec's own cache, so that later runs load in a second."""
from __future__ import annotations

import hashlib
import os
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import jpeg

CLASSES = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
USAGES = ("Training", "PublicTest", "PrivateTest")
SIDE = 48


@dataclass
class FerImages:
    pixels: np.ndarray  # uint8 [N, 48, 48]
    labels: np.ndarray  # int64 [N], index into CLASSES
    usage: np.ndarray  # uint8 [N], index into USAGES

    def rows(self, usage: str) -> np.ndarray:
        return np.flatnonzero(self.usage == USAGES.index(usage))


def _entry(name: str) -> tuple[str, int, int] | None:
    """(path, label, usage) of an archive member, None for hidden files; ValueError outside the layout."""
    parts = [p for p in name.split("/") if p and p != "."]
    if parts and parts[-1].startswith("."):
        return None
    if len(parts) != 3 or parts[0] not in ("train", "test") or parts[1] not in CLASSES:
        raise ValueError(f"{name}: not in FER2013's image-folder layout (train|test/<emotion>/<Usage>_<id>.jpg)")
    usage = next((u for u, prefix in enumerate(USAGES) if parts[2].startswith(prefix + "_")), None)
    if usage is None or (usage == 0) != (parts[0] == "train"):
        raise ValueError(f"{name}: the file name must start with Training_ (in train/) or PublicTest_/PrivateTest_ "
                         "(in test/)")
    return "/".join(parts), CLASSES.index(parts[1]), usage


def read_archive(path: Path, chunk: int = 4096) -> FerImages:
    entries = []
    with tarfile.open(path, "r:*") as tar:
        for member in tar:
            if member.isfile() and (e := _entry(member.name)) is not None:
                entries.append((*e, tar.extractfile(member).read()))
    if not entries:
        raise ValueError(f"{path}: holds no FER2013 images")
    entries.sort(key=lambda e: e[0])
    pixels = np.empty((len(entries), SIDE, SIDE), np.uint8)
    for start in range(0, len(entries), chunk):
        part = entries[start:start + chunk]
        for i, image in enumerate(jpeg.decode_many([(f"{path}: {e[0]}", e[3]) for e in part])):
            if image.shape != (SIDE, SIDE):
                raise ValueError(f"{path}: {part[i][0]}: expected 48x48, got {image.shape[1]}x{image.shape[0]}")
            pixels[start + i] = image
    return FerImages(pixels, np.array([e[1] for e in entries], np.int64), np.array([e[2] for e in entries], np.uint8))


def load(path: Path, cache_dir: Path) -> tuple[FerImages, dict]:
    """The archive through a cache keyed by its absolute path, size and modification time."""
    start = time.perf_counter()
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    cache = cache_dir / f"fer2013-{key}.npz"
    if cache.exists():
        with np.load(cache) as z:
            images = FerImages(z["pixels"], z["labels"], z["usage"])
        built = False
    else:
        images = read_archive(path)
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp.npz")
        np.savez(tmp, pixels=images.pixels, labels=images.labels, usage=images.usage)
        os.replace(tmp, cache)
        built = True
    return images, {"source": str(path), "cache": str(cache), "cache_built": built,
                    "seconds": time.perf_counter() - start}
