"""What every peer shares: the command line, seeded NumPy streams, the per-step clock and the JSON report."""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parents[2]
PHASES = ("data", "forward", "backward", "optimizer", "other")


def parser(description: str, epochs: int, seed: int) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--epochs", type=int, default=epochs, help=f"training epochs (default {epochs}, the recipe's)")
    p.add_argument("--data-root", type=Path, default=REPO.parent / "shared" / "data",
                   help="folder that holds the data set folders (default ../shared/data from the repository root)")
    p.add_argument("--threads", type=int, default=0,
                   help="torch.set_num_threads; 0 keeps torch's default (as EmoRec's threads: 0)")
    p.add_argument("--seed", type=int, default=seed, help=f"seed of every random stream (default {seed}, the config's)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of progress lines")
    p.add_argument("--adam", choices=("default", "foreach", "fused"), default="default",
                   help="torch.optim.Adam's implementation: default (per-tensor on the CPU, like LibTorch's Adam), "
                        "foreach or fused")
    return p


def adam(params, args: argparse.Namespace, lr: float, weight_decay: float = 0.0) -> torch.optim.Adam:
    extra = {"foreach": {"foreach": True}, "fused": {"fused": True}}.get(args.adam, {})
    return torch.optim.Adam(params, lr=lr, weight_decay=weight_decay, **extra)


def setup(args: argparse.Namespace) -> None:
    if args.epochs < 1:
        raise SystemExit(f"--epochs must be at least 1, got {args.epochs}")
    if args.threads < 0:
        raise SystemExit(f"--threads must be 0 (torch's default) or positive, got {args.threads}")
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent NumPy stream per purpose, so that one change (say the split) leaves the others alone."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


class StepClock:
    """Wall time of each phase of the training steps, summed over an epoch. CPU ops run synchronously, so
    time.perf_counter between them measures the work itself."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(PHASES, 0.0)
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] += now - self._last
        self._last = now


def log(args: argparse.Namespace, message: str) -> None:
    """Progress for a person; with --json, stdout carries the JSON object only, so this goes to stderr."""
    print(message, file=sys.stderr if args.json else sys.stdout, flush=True)


def environment(args: argparse.Namespace) -> dict:
    return {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
            "threads": torch.get_num_threads(), "interop_threads": torch.get_num_interop_threads(),
            "cpus": os.cpu_count(), "device": "cpu", "seed": args.seed, "adam": args.adam}


def summarise(epochs: list[dict]) -> dict:
    train = [e["train_seconds"] for e in epochs]
    evals = [e["eval_seconds"] for e in epochs]
    return {"train_seconds_per_epoch": sum(train) / len(train), "median_train_seconds": statistics.median(train),
            "eval_seconds_per_epoch": sum(evals) / len(evals)}


def epoch_record(epoch: int, train_seconds: float, steps: int, rows: int, clock: StepClock) -> dict:
    """The timing part of one epoch's record: totals and per-step means of the phases; `unattributed` is the
    epoch's time outside the steps (the shuffle)."""
    per_step = {k: 1e3 * v / steps for k, v in clock.seconds.items()}
    return {"epoch": epoch, "train_seconds": train_seconds, "steps": steps, "rows": rows,
            "phase_seconds": dict(clock.seconds), "phase_ms_per_step": per_step,
            "unattributed_seconds": train_seconds - sum(clock.seconds.values())}


def emit(args: argparse.Namespace, report: dict) -> None:
    if args.json:
        print(json.dumps(clean(report), allow_nan=False))


def clean(value):
    """NaN and infinities as None, recursively, so that the report is strict JSON."""
    if isinstance(value, float):
        return value if np.isfinite(value) else None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value
