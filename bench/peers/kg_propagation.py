"""KGCN's propagation in plain PyTorch, as EmoRec's KgcnPropagation (src/models/kg/kgcn.cpp) computes it: for
items and user vectors, n_iter rounds of user-specific, relation-attentive aggregation over the K sampled
neighbours, with one dense layer per round shared across hops. Shared by the KGCN and MKGCN peers."""
from __future__ import annotations

import torch
from torch import nn


def aggregate_neighbors(user: torch.Tensor, relations: torch.Tensor, neighbors: torch.Tensor, mean_score: bool,
                        mean_reduce: bool) -> torch.Tensor:
    """user [B, D]; relations and neighbors [B, M, K, D] (M rows per user) -> [B, M, D]:
    s = <user, relation> (its mean over D for KGCN), a = softmax over K, out = sum (KGCN: mean) of a * neighbour."""
    scores = (relations * user[:, None, None, :]).sum(-1)
    if mean_score:
        scores = scores / user.shape[1]
    weighted = torch.softmax(scores, -1).unsqueeze(-1) * neighbors
    return weighted.mean(2) if mean_reduce else weighted.sum(2)


class KgcnPropagation(nn.Module):
    """Entity and relation tables, the fixed [n_entity, K] neighbour table and one dense layer per iteration.

    init: glorot (KGCN's TensorFlow code: Glorot-uniform tables and kernels, zero biases) or torch (the module
    defaults MKGCN's code inherits: N(0, 1) embeddings, Kaiming-uniform layers). hidden: the activation of every
    iteration but the last, which is tanh. score / reduce: mean_dot and mean (KGCN's code) or dot and sum (MKGCN's).
    extra_entities: rows appended to the entity table that no neighbour points to (MKGCN's history padding)."""

    def __init__(self, n_entity: int, n_relation: int, adj_entity: torch.Tensor, adj_relation: torch.Tensor, dim: int,
                 n_iter: int, aggregator: str = "sum", init: str = "glorot", hidden: str = "relu",
                 score: str = "mean_dot", reduce: str = "mean", extra_entities: int = 0):
        super().__init__()
        if aggregator not in ("sum", "concat", "neighbor"):
            raise ValueError(f"unknown aggregator {aggregator!r} (known: concat, neighbor, sum)")
        self.dim, self.n_iter, self.k, self.aggregator = dim, n_iter, adj_entity.shape[1], aggregator
        self.hidden = {"relu": torch.relu, "sigmoid": torch.sigmoid}[hidden]
        self.mean_score = {"mean_dot": True, "dot": False}[score]
        self.mean_reduce = {"mean": True, "sum": False}[reduce]
        self.entity_emb = nn.Embedding(n_entity + extra_entities, dim)
        self.relation_emb = nn.Embedding(n_relation, dim)
        self.register_buffer("adj_entity", adj_entity.long())
        self.register_buffer("adj_relation", adj_relation.long())
        in_dim = 2 * dim if aggregator == "concat" else dim
        self.layers = nn.ModuleList(nn.Linear(in_dim, dim) for _ in range(n_iter))
        if init == "glorot":
            for table in (self.entity_emb, self.relation_emb):
                nn.init.xavier_uniform_(table.weight)
            for layer in self.layers:
                nn.init.xavier_uniform_(layer.weight)
                nn.init.zeros_(layer.bias)
        elif init != "torch":
            raise ValueError(f"unknown init {init!r} (known: glorot, torch)")

    def forward(self, user: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
        """user [B, D], items int64 [B] -> the items' vectors [B, D]."""
        batch, k = items.shape[0], self.k
        # entities[h]: [B, K^h] entities at hop h; relations[h]: [B, K^(h+1)] the relations leading to hop h+1.
        entities, relations = [items.view(batch, 1)], []
        for _ in range(self.n_iter):
            relations.append(self.adj_relation[entities[-1]].view(batch, -1))
            entities.append(self.adj_entity[entities[-1]].view(batch, -1))
        vectors = [self.entity_emb(e) for e in entities]  # [B, K^h, D]
        for i in range(self.n_iter):
            activation = torch.tanh if i == self.n_iter - 1 else self.hidden
            next_vectors = []
            for hop in range(self.n_iter - i):
                shape = (batch, -1, k, self.dim)
                neighborhood = aggregate_neighbors(user, self.relation_emb(relations[hop]).view(shape),
                                                   vectors[hop + 1].view(shape), self.mean_score, self.mean_reduce)
                next_vectors.append(activation(self.layers[i](self._combine(vectors[hop], neighborhood))))
            vectors = next_vectors
        return vectors[0].view(batch, self.dim)

    def _combine(self, own: torch.Tensor, neighborhood: torch.Tensor) -> torch.Tensor:
        if self.aggregator == "sum":
            return own + neighborhood
        if self.aggregator == "concat":
            return torch.cat([own, neighborhood], -1)
        return neighborhood

    def l2_term(self) -> torch.Tensor:
        """TensorFlow's l2_loss (sum of squares / 2) of the tables and the layer kernels, biases excluded."""
        total = half_square(self.entity_emb.weight) + half_square(self.relation_emb.weight)
        for layer in self.layers:
            total = total + half_square(layer.weight)
        return total


def half_square(t: torch.Tensor) -> torch.Tensor:
    return t.pow(2).sum() / 2
