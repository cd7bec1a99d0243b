#!/usr/bin/env python3
"""Peer of EmoRec's configs/fer/seed_cnn.yaml in plain PyTorch: the seed system's CNN on FER2013 with its recipe
(Adam 1e-4, batch 64, pixels / 255, no augmentation), the model of src/models/fer/seed_cnn.cpp and the loop of
src/train/fer_trainer.cpp and src/run/fer_task.cpp. Run from anywhere: python bench/peers/seed_cnn.py --json"""
from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import common
import fer_data

CONFIG = "configs/fer/seed_cnn.yaml"
RECIPE = {"batch_size": 64, "drop_last": False, "lr": 1e-4, "eval_batch_size": 512, "select_metric": "acc",
          "pixel_scale": "1/255 (pixel_mean 0, pixel_std 1: nothing else)", "augmentation": "none"}


class SeedCnn(nn.Module):
    """conv32-conv64-pool-drop.25-conv128-pool-conv128-pool-drop.25-dense1024-drop.5-dense7: 3x3 valid
    convolutions, ReLU, Glorot-uniform kernels and zero biases as Keras starts them (2,345,607 parameters)."""

    def __init__(self, side: int = 48):
        super().__init__()
        out = (((side - 4) // 2 - 2) // 2 - 2) // 2
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.conv3 = nn.Conv2d(64, 128, 3)
        self.conv4 = nn.Conv2d(128, 128, 3)
        self.fc1 = nn.Linear(128 * out * out, 1024)
        self.fc2 = nn.Linear(1024, 7)
        for name, p in self.named_parameters():
            if name.endswith("weight"):
                nn.init.xavier_uniform_(p)
            else:
                nn.init.zeros_(p)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = F.dropout(F.max_pool2d(x, 2), 0.25, self.training)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        x = F.dropout(F.max_pool2d(F.relu(self.conv4(x)), 2), 0.25, self.training)
        x = F.dropout(F.relu(self.fc1(x.flatten(1))), 0.5, self.training)
        return self.fc2(x)


MEMORY_FORMAT = torch.contiguous_format  # torch.channels_last with --channels-last


def to_input(images: torch.Tensor) -> torch.Tensor:
    """uint8 [B, 48, 48] -> float [B, 1, 48, 48] in [0, 1], in MEMORY_FORMAT."""
    return images.unsqueeze(1).float().div_(255).contiguous(memory_format=MEMORY_FORMAT)


def scores(confusion: np.ndarray, loss_sum: float) -> dict:
    """Accuracy, macro F1 over the 7 classes (a class never predicted nor present scores 0) and mean loss."""
    total = int(confusion.sum())
    tp = np.diag(confusion).astype(np.float64)
    predicted, actual = confusion.sum(0), confusion.sum(1)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros_like(tp), where=actual > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(tp), where=precision + recall > 0)
    return {"loss": loss_sum / total, "acc": float(tp.sum() / total), "f1": float(f1.mean()), "images": total}


class FerTrainer:
    def __init__(self, model: nn.Module, images: fer_data.FerImages, train_rows: np.ndarray, args):
        self.model = model
        self.images = torch.from_numpy(images.pixels)
        self.labels = torch.from_numpy(images.labels)
        self.train_rows = train_rows
        self.optimizer = common.adam(model.parameters(), args, RECIPE["lr"])
        self.shuffle = common.stream(args.seed, "shuffle")

    def train_epoch(self, epoch: int) -> dict:
        bs = RECIPE["batch_size"]
        start = time.perf_counter()
        order = torch.from_numpy(self.shuffle.permutation(self.train_rows))
        n = order.numel()
        steps = n // bs if RECIPE["drop_last"] else -(-n // bs)
        self.model.train()
        clock, loss_sum, right = common.StepClock(), 0.0, 0
        for s in range(steps):
            clock.start()
            rows = order[s * bs:(s + 1) * bs]
            x, y = to_input(self.images[rows]), self.labels[rows]
            clock.lap("data")
            logits = self.model(x)
            loss = F.cross_entropy(logits, y)
            clock.lap("forward")
            self.optimizer.zero_grad()
            loss.backward()
            clock.lap("backward")
            self.optimizer.step()
            clock.lap("optimizer")
            value = loss.item()
            if not math.isfinite(value):
                raise RuntimeError(f"non-finite training loss at epoch {epoch + 1}, step {s + 1}")
            loss_sum += value * y.numel()
            right += int((logits.argmax(1) == y).sum())
            clock.lap("other")
        seconds = time.perf_counter() - start
        return {**common.epoch_record(epoch + 1, seconds, steps, n, clock), "loss": loss_sum / n, "acc": right / n,
                "images_per_second": n / seconds}

    @torch.no_grad()
    def evaluate(self, rows: np.ndarray) -> tuple[np.ndarray, float, float]:
        """(confusion [truth, predicted], summed cross-entropy, seconds) of the rows, in evaluation mode."""
        start = time.perf_counter()
        self.model.eval()
        confusion = np.zeros((7, 7), np.int64)
        loss_sum = 0.0
        for index in torch.from_numpy(rows).split(RECIPE["eval_batch_size"]):
            logits, y = self.model(to_input(self.images[index])), self.labels[index]
            loss_sum += F.cross_entropy(logits, y, reduction="sum").item()
            confusion += np.bincount((y * 7 + logits.argmax(1)).numpy(), minlength=49).reshape(7, 7)
        return confusion, loss_sum, time.perf_counter() - start


def main() -> None:
    p = common.parser(__doc__.splitlines()[0], epochs=30, seed=0)
    p.add_argument("--limit-train", type=int, default=0, metavar="N",
                   help="train on a seeded random subset of N Training images (EmoRec: --set data.train_subset=N)")
    p.add_argument("--cache-dir", type=Path, default=common.REPO / ".cache" / "peers",
                   help="where the decoded archive is cached (default .cache/peers in the repository)")
    p.add_argument("--channels-last", action="store_true",
                   help="NHWC images and convolution weights (EmoRec: train.channels_last, which the config sets)")
    args = p.parse_args()
    common.setup(args)
    global MEMORY_FORMAT
    if args.channels_last:
        MEMORY_FORMAT = torch.channels_last
    images, data_info = fer_data.load(args.data_root / "fer2013" / "fer2013-images.tar.gz", args.cache_dir)
    train_rows, eval_rows, test_rows = (images.rows(u) for u in fer_data.USAGES)
    if 0 < args.limit_train < train_rows.size:
        train_rows = np.sort(common.stream(args.seed, "train_subset").permutation(train_rows)[:args.limit_train])
    common.log(args, f"FER2013: {images.labels.size} images; training on {train_rows.size}, selecting on "
                     f"{eval_rows.size} (PublicTest), reporting {test_rows.size} (PrivateTest) "
                     f"({data_info['seconds']:.1f}s, cache {'built' if data_info['cache_built'] else 'read'})")
    model = SeedCnn().to(memory_format=MEMORY_FORMAT)
    trainer = FerTrainer(model, images, train_rows, args)
    epochs, best = [], None
    for epoch in range(args.epochs):
        record = trainer.train_epoch(epoch)
        confusion, loss_sum, seconds = trainer.evaluate(eval_rows)
        record["eval_seconds"] = seconds
        record["metrics"] = {"train": {"loss": record["loss"], "acc": record["acc"]},
                             "eval": scores(confusion, loss_sum)}
        epochs.append(record)
        if best is None or record["metrics"]["eval"]["acc"] > best["eval_scores"]["acc"]:
            # Kept in memory: EmoRec writes the same state as its "best" checkpoint, outside the epoch's time.
            best = {"epoch": epoch + 1, "state": {k: v.clone() for k, v in model.state_dict().items()},
                    "eval": (confusion, loss_sum), "eval_scores": record["metrics"]["eval"]}
        common.log(args, f"epoch {epoch + 1}/{args.epochs}  loss {record['loss']:.4f}  train acc {record['acc']:.4f}  "
                         f"eval (PublicTest) loss {record['metrics']['eval']['loss']:.4f} "
                         f"acc {record['metrics']['eval']['acc']:.4f} f1 {record['metrics']['eval']['f1']:.4f}  "
                         f"({record['train_seconds']:.1f}s, {record['images_per_second']:.0f} img/s; "
                         f"eval {seconds:.1f}s)")
    # Once, with the best epoch's model: PrivateTest, and PublicTest + PrivateTest from the two confusion matrices
    # (the best epoch's PublicTest pass already holds the first half).
    model.load_state_dict(best["state"])
    confusion, loss_sum, test_seconds = trainer.evaluate(test_rows)
    eval_confusion, eval_loss = best["eval"]
    final = {"epoch": best["epoch"], "eval": best["eval_scores"], "test": scores(confusion, loss_sum),
             "eval+test": scores(eval_confusion + confusion, eval_loss + loss_sum), "seconds": test_seconds}
    common.log(args, f"best epoch {final['epoch']}: PrivateTest acc {final['test']['acc']:.4f}, "
                     f"PublicTest+PrivateTest acc {final['eval+test']['acc']:.4f} ({test_seconds:.1f}s)")
    common.emit(args, {"peer": "seed_cnn", "emorec_config": CONFIG, "recipe": {"epochs": args.epochs, **RECIPE},
                       "parameters": sum(p.numel() for p in model.parameters()),
                       "data": {**data_info, "images": int(images.labels.size), "train": int(train_rows.size),
                                "eval": int(eval_rows.size), "test": int(test_rows.size)},
                       "epochs": epochs, **common.summarise(epochs), "best": final,
                       "environment": common.environment(args)})


if __name__ == "__main__":
    main()
