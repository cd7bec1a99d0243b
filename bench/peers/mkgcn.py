#!/usr/bin/env python3
"""Peer of EmoRec's configs/kg/mkgcn_music_d.yaml in plain PyTorch: MKGCN (Cui et al., Electronics 2023) on
music-d without modalities, the model of src/models/kg/mkgcn.cpp and mkgcn_build.cpp and the loop of
src/train/kg_trainer.cpp. Run from anywhere: python bench/peers/mkgcn.py --epochs 1 --json"""
from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

import common
from kg_data import KgData, load_mkgcn_music_d
from kg_propagation import KgcnPropagation
from kg_train import Recipe, run

CONFIG = "configs/kg/mkgcn_music_d.yaml"
MODEL = {"dim": 16, "n_iter": 2, "aggregator": "sum", "neighbor_sample_size": 8, "init": "torch",
         "hidden_activation": "sigmoid", "neighbor_score": "dot", "neighbor_reduce": "sum",
         "user_aggregator": "attention", "heads": 8, "history_size": 8, "modal_fusion": "none"}


def sample_histories(data: KgData, size: int, padding: int, rng: np.random.Generator):
    """[n_user, size] items drawn with replacement from each user's distinct training positives, and beside each
    slot an alternate drawn from the same positives but never the slot's item (read when the slot holds the
    scored item). Users with fewer than two training positives get `padding` everywhere."""
    rows = data.train[data.label[data.train] > 0.5]
    pairs = np.unique(np.stack([data.user[rows], data.item[rows]], 1), axis=0)  # sorted by user, then item
    count = np.bincount(pairs[:, 0], minlength=data.n_user)
    first = np.cumsum(count) - count
    histories = np.full((data.n_user, size), padding, np.int64)
    alternates = histories.copy()
    ok = count >= 2
    n, start = count[ok][:, None], first[ok][:, None]
    slot = (rng.random((n.shape[0], size)) * n).astype(np.int64)
    other = (slot + 1 + (rng.random((n.shape[0], size)) * (n - 1)).astype(np.int64)) % n  # uniform over the rest
    histories[ok] = pairs[start + slot, 1]
    alternates[ok] = pairs[start + other, 1]
    return torch.from_numpy(histories), torch.from_numpy(alternates)


class Mkgcn(nn.Module):
    """Users as 8-head self-attention over 8 history items (then the mean over the history), KGCN's propagation
    with the authors' formula, logit = <user, item vector>. No modalities: fusion is off in this config."""

    def __init__(self, propagation: KgcnPropagation, heads: int, histories: torch.Tensor, alternates: torch.Tensor):
        super().__init__()
        self.graph = propagation
        self.attention = nn.MultiheadAttention(propagation.dim, heads)  # (sequence, batch, feature), as LibTorch's
        self.register_buffer("histories", histories)
        self.register_buffer("alternates", alternates)

    def user_vectors(self, users: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
        history = self.histories[users]
        # A slot holding the scored item reads its alternate: no row finds itself in its user's history.
        history = torch.where(history == items[:, None], self.alternates[users], history)
        seq = self.graph.entity_emb(history).transpose(0, 1)  # [H, B, D]
        attended, _ = self.attention(seq, seq, seq, need_weights=False)
        return attended.mean(0)

    def forward(self, users: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
        u = self.user_vectors(users, items)
        return (u * self.graph(u, items)).sum(-1)


def main() -> None:
    args = common.parser(__doc__.splitlines()[0], epochs=20, seed=555).parse_args()
    common.setup(args)
    recipe = Recipe(epochs=args.epochs, batch_size=64, drop_last=True, lr=5e-4, weight_decay=1e-4, l2_weight=0.0)
    start = time.perf_counter()
    data = load_mkgcn_music_d(args.data_root / "mkgcn-music-d", threshold=5.0, negatives="proportional",
                              split=[0.7, 0.1, 0.2], k=MODEL["neighbor_sample_size"],
                              streams=lambda name: common.stream(args.seed, name))
    histories, alternates = sample_histories(data, MODEL["history_size"], padding=data.n_entity,
                                             rng=common.stream(args.seed, "histories"))
    data_seconds = time.perf_counter() - start
    common.log(args, f"mkgcn-music-d: {data.summary()} ({data_seconds:.2f}s)")
    graph = KgcnPropagation(data.n_entity, data.n_relation, torch.from_numpy(data.adj_entity),
                            torch.from_numpy(data.adj_relation), dim=MODEL["dim"], n_iter=MODEL["n_iter"],
                            aggregator=MODEL["aggregator"], init=MODEL["init"], hidden=MODEL["hidden_activation"],
                            score=MODEL["neighbor_score"], reduce=MODEL["neighbor_reduce"], extra_entities=1)
    model = Mkgcn(graph, MODEL["heads"], histories, alternates)
    report = run(args, "mkgcn", CONFIG, model, data, recipe, data_seconds, MODEL)
    common.emit(args, {**report, "environment": common.environment(args)})


if __name__ == "__main__":
    main()
