"""The KG CTR loop of EmoRec's KgTrainer and KgTask (src/train/kg_trainer.cpp, src/run/kg_task.cpp): shuffled
mini-batches of labelled (user, item) rows gathered from tensors, BCE on logits plus l2_weight * the model's L2
term, Adam; after every epoch the train, eval and test splits evaluated whole (AUC, accuracy, F1, and KGCN's
batch-averaged AUC/F1 where the config asks), the best epoch chosen by eval AUC."""
from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from common import StepClock, adam, epoch_record, log, stream, summarise
from kg_data import KgData


@dataclass
class Recipe:
    epochs: int
    batch_size: int
    drop_last: bool
    lr: float
    weight_decay: float  # Adam's (coupled) weight decay
    l2_weight: float  # times the model's l2_term(), added to the loss of every step
    eval_batch_size: int = 4096
    batched_protocol: int = 0  # > 0: also KGCN's AUC/F1 averaged over batches of this many rows
    threshold: float = 0.5


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Rank-sum AUC with ties counted half; NaN with one class only."""
    positive = labels > 0.5
    n_pos = int(positive.sum())
    n_neg = labels.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return math.nan
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    mean_rank = np.cumsum(counts) - (counts - 1) / 2.0  # 1-based average rank of each distinct score
    rank_sum = mean_rank[inverse][positive].sum()
    return float((rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def binary_scores(probs: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float]:
    """(accuracy, F1 of the positive class; 0 when there is no predicted and no true positive)."""
    predicted, truth = probs >= threshold, labels > 0.5
    tp = int((predicted & truth).sum())
    wrong = int((predicted != truth).sum())
    accuracy = (labels.size - wrong) / labels.size if labels.size else math.nan
    denominator = 2 * tp + wrong
    return accuracy, 2.0 * tp / denominator if denominator else 0.0


def batch_averaged(probs: np.ndarray, labels: np.ndarray, batch: int, threshold: float) -> tuple[float, float]:
    """KGCN's reference protocol: AUC and F1 per consecutive batch (last partial one dropped), averaged."""
    aucs, f1s = [], []
    for start in range(0, probs.size - batch + 1, batch):
        p, y = probs[start:start + batch], labels[start:start + batch]
        auc = roc_auc(p, y)
        if not math.isnan(auc):
            aucs.append(auc)
        f1s.append(binary_scores(p, y, threshold)[1])
    return (float(np.mean(aucs)) if aucs else math.nan), (float(np.mean(f1s)) if f1s else math.nan)


class KgTrainer:
    def __init__(self, model: nn.Module, data: KgData, recipe: Recipe, args):
        self.model, self.data, self.recipe = model, data, recipe
        self.users = torch.from_numpy(data.user)
        self.items = torch.from_numpy(data.item)
        self.labels = torch.from_numpy(data.label)
        self.optimizer = adam(model.parameters(), args, recipe.lr, recipe.weight_decay)
        self.shuffle = stream(args.seed, "shuffle")

    def train_epoch(self, epoch: int) -> dict:
        r = self.recipe
        start = time.perf_counter()
        order = torch.from_numpy(self.shuffle.permutation(self.data.train))
        n = order.numel()
        steps = n // r.batch_size if r.drop_last else -(-n // r.batch_size)
        self.model.train()
        clock, total = StepClock(), 0.0
        for s in range(steps):
            clock.start()
            rows = order[s * r.batch_size:(s + 1) * r.batch_size]
            users, items, labels = self.users[rows], self.items[rows], self.labels[rows]
            clock.lap("data")
            loss = F.binary_cross_entropy_with_logits(self.model(users, items), labels)
            if r.l2_weight > 0:
                loss = loss + r.l2_weight * self.model.l2_term()
            clock.lap("forward")
            self.optimizer.zero_grad()
            loss.backward()
            clock.lap("backward")
            self.optimizer.step()
            clock.lap("optimizer")
            value = loss.item()
            if not math.isfinite(value):
                raise RuntimeError(f"non-finite training loss ({value}) at epoch {epoch + 1}, step {s + 1}")
            total += value
            clock.lap("other")
        seconds = time.perf_counter() - start
        rows_seen = min(n, steps * r.batch_size)
        return {**epoch_record(epoch + 1, seconds, steps, rows_seen, clock), "loss": total / steps}

    @torch.no_grad()
    def evaluate(self, rows: np.ndarray) -> dict:
        r = self.recipe
        start = time.perf_counter()
        self.model.eval()
        index = torch.from_numpy(rows)
        probs = torch.cat([torch.sigmoid(self.model(self.users[i], self.items[i]))
                           for i in index.split(r.eval_batch_size)]).numpy()
        labels = self.data.label[rows]
        p = np.clip(probs.astype(np.float64), 1e-7, 1 - 1e-7)
        bce = float(-np.where(labels > 0.5, np.log(p), np.log1p(-p)).mean())
        accuracy, f1 = binary_scores(probs, labels, r.threshold)
        out = {"loss": bce, "auc": roc_auc(probs, labels), "acc": accuracy, "f1": f1}
        if r.batched_protocol > 0:
            out["auc_batched"], out["f1_batched"] = batch_averaged(probs, labels, r.batched_protocol, r.threshold)
        out["seconds"] = time.perf_counter() - start
        return out


def run(args, name: str, config: str, model: nn.Module, data: KgData, recipe: Recipe, data_seconds: float,
        model_info: dict) -> dict:
    """Trains recipe.epochs epochs, evaluating every split after each; returns the report."""
    trainer = KgTrainer(model, data, recipe, args)
    epochs, best = [], None
    for epoch in range(recipe.epochs):
        record = trainer.train_epoch(epoch)
        metrics = {split: trainer.evaluate(rows)
                   for split, rows in (("train", data.train), ("eval", data.eval), ("test", data.test))}
        record["eval_seconds"] = sum(m["seconds"] for m in metrics.values())
        record["metrics"] = metrics
        epochs.append(record)
        if best is None or metrics["eval"]["auc"] > best["eval"]["auc"]:
            best = {"epoch": epoch + 1, "eval": metrics["eval"], "test": metrics["test"]}
        log(args, f"epoch {epoch + 1}/{recipe.epochs}  loss {record['loss']:.4f}  "
                  f"train auc {metrics['train']['auc']:.4f}  eval auc {metrics['eval']['auc']:.4f} "
                  f"f1 {metrics['eval']['f1']:.4f}  test auc {metrics['test']['auc']:.4f} "
                  f"f1 {metrics['test']['f1']:.4f}  ({record['train_seconds']:.2f}s train, "
                  f"{record['eval_seconds']:.2f}s eval)")
    return {"peer": name, "emorec_config": config, "model": model_info, "recipe": asdict(recipe),
            "parameters": sum(p.numel() for p in model.parameters()),
            "data": {"seconds": data_seconds, **data.summary()}, "epochs": epochs, **summarise(epochs),
            "best": best}
