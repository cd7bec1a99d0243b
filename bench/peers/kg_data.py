"""KG CTR data prepared as EmoRec prepares it (src/data/kgcn_lastfm.cpp, mkgcn_music_d.cpp, kg_triples.cpp,
implicit_feedback.cpp, negative_sampling.cpp, kg_sampling.cpp): the same rows, numbering, negatives protocol,
split sizes and neighbour-table shape, drawn from NumPy streams instead of EmoRec's mt19937_64 ones."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class KgData:
    name: str
    n_user: int
    n_item: int  # items are entities 0..n_item-1
    n_entity: int
    n_relation: int
    n_triples: int
    user: np.ndarray  # int64 [rows]
    item: np.ndarray  # int64 [rows]
    label: np.ndarray  # float32 [rows], 1 positive, 0 negative
    train: np.ndarray  # row indices
    eval: np.ndarray
    test: np.ndarray
    adj_entity: np.ndarray  # int64 [n_entity, K]: K sampled neighbours of every entity
    adj_relation: np.ndarray  # int64 [n_entity, K]: the relation to each

    def summary(self) -> dict:
        return {"dataset": self.name, "users": self.n_user, "items": self.n_item, "rows": int(self.label.size),
                "positives": int((self.label > 0.5).sum()), "entities": self.n_entity, "relations": self.n_relation,
                "triples": self.n_triples, "train": int(self.train.size), "eval": int(self.eval.size),
                "test": int(self.test.size), "neighbors": int(self.adj_entity.shape[1])}


def read_tsv(path: Path, columns: int, header: str | None = None) -> list[list[str]]:
    """Rows of a tab-separated file with CRLF, LF or mixed endings; blank lines skipped; errors name file:line."""
    rows = []
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            line = raw.decode("utf-8").rstrip("\n").rstrip("\r")
            if number == 1 and header is not None:
                if line != header:
                    raise ValueError(f"{path}:1: expected the header {header!r}, got {line!r}")
                continue
            if not line.strip(" \t"):
                continue
            fields = line.split("\t")
            if len(fields) != columns:
                raise ValueError(f"{path}:{number}: expected {columns} tab-separated fields, got {len(fields)}")
            rows.append(fields)
    return rows


def item_map(path: Path, header: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """(file item id -> item, entity id -> item), items numbered in file order."""
    by_id, by_entity = {}, {}
    for number, (item_id, entity_id) in enumerate(read_tsv(path, 2, header), 1):
        if item_id in by_id or entity_id in by_entity:
            raise ValueError(f"{path}: row {number}: item {item_id} or entity {entity_id} appears twice")
        by_entity[entity_id] = by_id[item_id] = len(by_id)
    return by_id, by_entity


def read_kg(path: Path, entities: dict[str, int], header: str | None) -> tuple[np.ndarray, int, int]:
    """Triples [T, 3] (head, relation, tail); entities not in `entities` and relations are numbered in order of
    first appearance (head, then tail). Returns (triples, n_entity, n_relation)."""
    entities = dict(entities)
    relations: dict[str, int] = {}
    triples = []
    for h, r, t in read_tsv(path, 3, header):
        h = entities.setdefault(h, len(entities))
        r = relations.setdefault(r, len(relations))
        triples.append((h, r, entities.setdefault(t, len(entities))))
    return np.asarray(triples, np.int64).reshape(-1, 3), len(entities), len(relations)


def label_interactions(rows, n_item: int, threshold: float, negatives: str, rng: np.random.Generator):
    """(user, item, rating) rows -> (n_user, user, item, label): per user its distinct positives (rating >=
    threshold, first-seen order; users numbered by first positive), then as many negatives drawn without
    replacement from the items it neither likes nor rated below the threshold. `negatives`: uniform, or
    proportional (only items some user likes, weight 1 / popularity, Efraimidis-Spirakis keys)."""
    users: dict[int, int] = {}
    positives: list[list[int]] = []
    seen: list[set[int]] = []
    below: dict[int, set[int]] = defaultdict(set)
    for user_id, item, rating in rows:
        if rating < threshold:
            below[user_id].add(item)
            continue
        u = users.setdefault(user_id, len(positives))
        if u == len(positives):
            positives.append([])
            seen.append(set())
        if item not in seen[u]:
            seen[u].add(item)
            positives[u].append(item)
    if not positives:
        raise ValueError("no interaction with a known item at or above the threshold")
    popularity = np.bincount(np.concatenate([np.asarray(p, np.int64) for p in positives]), minlength=n_item)
    if negatives == "uniform":
        drawable = np.ones(n_item, bool)
    elif negatives == "proportional":
        drawable = popularity > 0
    else:
        raise ValueError(f"unknown negative sampling {negatives!r} (known: proportional, uniform)")
    out_user, out_item, out_label = [], [], []
    for user_id, u in users.items():
        pos = np.asarray(positives[u], np.int64)
        mask = drawable.copy()
        mask[pos] = False
        mask[list(below.get(user_id, ()))] = False
        candidates = np.flatnonzero(mask)
        if candidates.size < pos.size:
            raise ValueError(f"user {user_id} has {pos.size} positives but only {candidates.size} items to draw "
                             "as many negatives from")
        if negatives == "uniform":
            neg = rng.choice(candidates, pos.size, replace=False)
        else:  # key log(U) / w with w = 1 / popularity; the largest keys are the weighted draw
            keys = np.log1p(-rng.random(candidates.size)) * popularity[candidates]
            neg = candidates[np.argsort(-keys, kind="stable")[:pos.size]]
        out_user += [u] * (2 * pos.size)
        out_item += pos.tolist() + neg.tolist()
        out_label += [1.0] * pos.size + [0.0] * pos.size
    return (len(positives), np.asarray(out_user, np.int64), np.asarray(out_item, np.int64),
            np.asarray(out_label, np.float32))


def random_split(n: int, fractions: list[float], rng: np.random.Generator):
    """A permutation cut into eval floor(n f1), test floor(n f2) and train the rest (KGCN's rule)."""
    order = rng.permutation(n)
    n_eval, n_test = int(n * fractions[1]), int(n * fractions[2])
    return order[n_eval + n_test:], order[:n_eval], order[n_eval:n_eval + n_test]


def sample_neighbors(triples: np.ndarray, n_entity: int, k: int, rng: np.random.Generator):
    """K neighbours per entity of the undirected graph: without replacement when it has at least K, with
    replacement otherwise. Returns (adj_entity, adj_relation), int64 [n_entity, K]."""
    h, r, t = triples.T
    src, dst, rel = np.concatenate([h, t]), np.concatenate([t, h]), np.concatenate([r, r])
    degree = np.bincount(src, minlength=n_entity)
    if (degree == 0).any():
        raise ValueError(f"entity {int(np.argmin(degree))} has no neighbour; fixed-size sampling needs an edge")
    order = np.lexsort((rng.random(src.size), src))  # edges grouped by entity, in random order within
    start = np.cumsum(degree) - degree
    with_replacement = (rng.random((n_entity, k)) * degree[:, None]).astype(np.int64)
    offset = np.where(degree[:, None] >= k, np.arange(k)[None, :], with_replacement)
    pick = order[start[:, None] + offset]
    return dst[pick], rel[pick]


def _build(name, rows, n_item, kg, threshold, negatives, split, k, streams) -> KgData:
    triples, n_entity, n_relation = kg
    n_user, user, item, label = label_interactions(rows, n_item, threshold, negatives, streams("negatives"))
    train, eval_rows, test = random_split(label.size, split, streams("split"))
    adj_entity, adj_relation = sample_neighbors(triples, n_entity, k, streams("neighbors"))
    return KgData(name, n_user, n_item, n_entity, n_relation, len(triples), user, item, label, train, eval_rows,
                  test, adj_entity, adj_relation)


def load_kgcn_lastfm(folder: Path, threshold, negatives, split, k, streams) -> KgData:
    """KGCN's Last.FM: listens of artists outside item_index2entity_id.txt are dropped."""
    by_id, by_entity = item_map(folder / "item_index2entity_id.txt", None)
    by_artist = {int(a): item for a, item in by_id.items()}
    kg = read_kg(folder / "kg.txt", by_entity, None)
    rows = [(int(u), by_artist[int(a)], float(w))
            for u, a, w in read_tsv(folder / "user_artists.dat", 3, "userID\tartistID\tweight") if int(a) in by_artist]
    return _build("kgcn-lastfm", rows, len(by_artist), kg, threshold, negatives, split, k, streams)


def load_mkgcn_music_d(folder: Path, threshold, negatives, split, k, streams) -> KgData:
    """MKGCN's music-d: ratings of items outside itemID2entityID.txt are dropped."""
    by_item, by_entity = item_map(folder / "itemID2entityID.txt", "itemID\tentityID")
    kg = read_kg(folder / "kg.txt", by_entity, "head\trelation\ttail")
    rows = [(int(u), by_item[i], float(int(r)))
            for u, i, r in read_tsv(folder / "userID2itemID4ratings.tsv", 3, "userID\titemID\trating") if i in by_item]
    return _build("mkgcn-music-d", rows, len(by_item), kg, threshold, negatives, split, k, streams)
