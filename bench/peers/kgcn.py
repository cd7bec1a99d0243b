#!/usr/bin/env python3
"""Peer of EmoRec's configs/kg/kgcn_lastfm_sum.yaml in plain PyTorch: KGCN-sum (Wang et al., WWW 2019) on KGCN's
Last.FM with the paper's music hyper-parameters, the model of src/models/kg/kgcn.cpp and the loop of
src/train/kg_trainer.cpp. Run from anywhere: python bench/peers/kgcn.py --epochs 1 --json"""
from __future__ import annotations

import time

import torch
from torch import nn

import common
from kg_data import load_kgcn_lastfm
from kg_propagation import KgcnPropagation, half_square
from kg_train import Recipe, run

CONFIG = "configs/kg/kgcn_lastfm_sum.yaml"
MODEL = {"dim": 16, "n_iter": 1, "aggregator": "sum", "neighbor_sample_size": 8, "init": "glorot",
         "hidden_activation": "relu", "neighbor_score": "mean_dot", "neighbor_reduce": "mean"}


class Kgcn(nn.Module):
    """A user table and KGCN's propagation; logit = <user, item vector>."""

    def __init__(self, n_user: int, propagation: KgcnPropagation):
        super().__init__()
        self.user_emb = nn.Embedding(n_user, propagation.dim)
        nn.init.xavier_uniform_(self.user_emb.weight)
        self.graph = propagation

    def forward(self, users: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
        u = self.user_emb(users)
        return (u * self.graph(u, items)).sum(-1)

    def l2_term(self) -> torch.Tensor:
        return half_square(self.user_emb.weight) + self.graph.l2_term()


def main() -> None:
    args = common.parser(__doc__.splitlines()[0], epochs=10, seed=555).parse_args()
    common.setup(args)
    recipe = Recipe(epochs=args.epochs, batch_size=128, drop_last=True, lr=5e-4, weight_decay=0.0, l2_weight=1e-4,
                    batched_protocol=128)
    start = time.perf_counter()
    data = load_kgcn_lastfm(args.data_root / "kgcn-lastfm", threshold=0.0, negatives="uniform", split=[0.6, 0.2, 0.2],
                            k=MODEL["neighbor_sample_size"], streams=lambda name: common.stream(args.seed, name))
    data_seconds = time.perf_counter() - start
    common.log(args, f"kgcn-lastfm: {data.summary()} ({data_seconds:.2f}s)")
    graph = KgcnPropagation(data.n_entity, data.n_relation, torch.from_numpy(data.adj_entity),
                            torch.from_numpy(data.adj_relation), dim=MODEL["dim"], n_iter=MODEL["n_iter"],
                            aggregator=MODEL["aggregator"], init=MODEL["init"], hidden=MODEL["hidden_activation"],
                            score=MODEL["neighbor_score"], reduce=MODEL["neighbor_reduce"])
    model = Kgcn(data.n_user, graph)
    report = run(args, "kgcn", CONFIG, model, data, recipe, data_seconds, MODEL)
    common.emit(args, {**report, "environment": common.environment(args)})


if __name__ == "__main__":
    main()
