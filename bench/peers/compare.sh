#!/usr/bin/env bash
# Times EmoRec and its plain-PyTorch peer on the same CPU, alternately (EmoRec, peer, EmoRec, peer, ...), and
# prints the median training seconds per epoch of each side. Only training epochs are compared: data loading,
# evaluation and EmoRec's checkpoints are outside both sides' epoch times.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/peers/compare.sh MODEL [options]

MODEL: kgcn (configs/kg/kgcn_lastfm_sum.yaml), mkgcn (configs/kg/mkgcn_music_d.yaml) or seed_cnn
       (configs/fer/seed_cnn.yaml).

options:
  --epochs N        training epochs of every run (default 2)
  --rounds R        EmoRec-then-peer rounds (default 2)
  --threads T       intra-op threads of both sides (EmoRec: --set threads=T; default: each library's default)
  --train-subset N  seed_cnn only: train on N Training images (EmoRec: data.train_subset, peer: --limit-train)
  --data-root DIR   folder of the data sets (default ../shared/data from the repository root)
  --out DIR         keep the run folders, logs and peer JSON here (default: a temporary folder, removed)
  -- ARGS...        further arguments of the peer only, e.g. -- --adam fused

environment: EMOREC (default build/emorec), PYTHON (default .venv/bin/python). Run it on an otherwise idle
machine: a parallel build takes the cores both sides need, and inflates the side that runs with it.
EOF
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
emorec=${EMOREC:-build/emorec}
python=${PYTHON:-.venv/bin/python}

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
model=$1
shift
case "$model" in
  kgcn) config=configs/kg/kgcn_lastfm_sum.yaml ;;
  mkgcn) config=configs/kg/mkgcn_music_d.yaml ;;
  seed_cnn) config=configs/fer/seed_cnn.yaml ;;
  -h|--help) usage; exit 0 ;;
  *) echo "compare.sh: unknown model '$model' (known: kgcn, mkgcn, seed_cnn)" >&2; exit 2 ;;
esac

epochs=2 rounds=2 threads="" subset="" data_root="" out=""
peer_extra=()
while [[ $# -gt 0 ]]; do
  if [[ $1 == -- ]]; then
    shift
    peer_extra=("$@")
    break
  fi
  [[ $# -ge 2 ]] || { echo "compare.sh: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --epochs) epochs=$2 ;;
    --rounds) rounds=$2 ;;
    --threads) threads=$2 ;;
    --train-subset) subset=$2 ;;
    --data-root) data_root=$2 ;;
    --out) out=$2 ;;
    *) echo "compare.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift 2
done
for pair in "epochs:$epochs" "rounds:$rounds" "threads:${threads:-1}" "train-subset:${subset:-1}"; do
  [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --${pair%%:*} must be a positive integer" >&2; exit 2; }
done
[[ -z $subset || $model == seed_cnn ]] || { echo "compare.sh: --train-subset is for seed_cnn only" >&2; exit 2; }
[[ -x $emorec ]] || { echo "compare.sh: $emorec is not an executable; build EmoRec first (scripts/build)" >&2; exit 1; }
[[ -x $python ]] || { echo "compare.sh: $python is not an executable (set PYTHON)" >&2; exit 1; }

if [[ -n $out ]]; then
  mkdir -p "$out"
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

emorec_args=(train "$config" --set "train.epochs=$epochs" --set device=cpu --set "output.runs_dir=$out/runs"
  --no-progress)
peer_args=(--epochs "$epochs" --json)
if [[ -n $threads ]]; then emorec_args+=(--set "threads=$threads"); peer_args+=(--threads "$threads"); fi
if [[ -n $subset ]]; then emorec_args+=(--set "data.train_subset=$subset"); peer_args+=(--limit-train "$subset"); fi
if [[ -n $data_root ]]; then emorec_args+=(--set "data.root=$data_root"); peer_args+=(--data-root "$data_root"); fi
peer_args+=("${peer_extra[@]}")

for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds: emorec" >&2
  # The run folder is the last line EmoRec prints on stdout; its log goes to stderr.
  "$emorec" "${emorec_args[@]}" >"$out/emorec-$r.stdout" 2>"$out/emorec-$r.log" ||
    { echo "compare.sh: EmoRec failed; see $out/emorec-$r.log" >&2; tail -5 "$out/emorec-$r.log" >&2; exit 1; }
  tail -n 1 "$out/emorec-$r.stdout" >"$out/emorec-$r.run"
  echo "round $r/$rounds: peer" >&2
  "$python" "bench/peers/$model.py" "${peer_args[@]}" >"$out/peer-$r.json" 2>"$out/peer-$r.log" ||
    { echo "compare.sh: the peer failed; see $out/peer-$r.log" >&2; tail -5 "$out/peer-$r.log" >&2; exit 1; }
done

"$python" - "$out" "$rounds" "$model" "$epochs" <<'EOF'
import json, statistics, sys
from pathlib import Path

out, rounds, model, epochs = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]


def emorec_epochs(r):
    run = Path((out / f"emorec-{r}.run").read_text().strip())
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines() if line.strip()]
    seconds = [row["seconds"] for row in sorted(rows, key=lambda row: row["epoch"]) if row["split"] == "train"]
    summary = json.loads((run / "summary.json").read_text())
    return seconds, summary["train_seconds_per_epoch"]


def peer_epochs(r):
    report = json.loads((out / f"peer-{r}.json").read_text())
    return [e["train_seconds"] for e in report["epochs"]], report["train_seconds_per_epoch"], report["environment"]


sides = {"emorec": [], "pytorch": []}
env = None
print(f"{model}: {epochs} epoch(s) per run, {rounds} rounds, EmoRec and the peer alternately")
print(f"{'round':>5}  {'side':<8} {'median s/epoch':>14} {'mean s/epoch':>12}  epochs (s)")
for r in range(1, rounds + 1):
    e_sec, e_mean = emorec_epochs(r)
    p_sec, p_mean, env = peer_epochs(r)
    for side, sec, mean in (("emorec", e_sec, e_mean), ("pytorch", p_sec, p_mean)):
        sides[side] += sec
        listed = " ".join(f"{s:.3f}" for s in sec)
        print(f"{r:>5}  {side:<8} {statistics.median(sec):>14.3f} {mean:>12.3f}  {listed}")
med = {side: statistics.median(sec) for side, sec in sides.items()}
for side, sec in sides.items():
    print(f"{'all':>5}  {side:<8} {med[side]:>14.3f} {statistics.mean(sec):>12.3f}  ({len(sec)} epochs)")
print(f"pytorch / emorec (medians): {med['pytorch'] / med['emorec']:.2f}x")
print(f"peer: torch {env['torch']}, {env['threads']} intra-op threads, {env['cpus']} CPUs, Adam {env['adam']}")

# Where each side's epoch goes: the medians over all epochs of each phase (EmoRec: phase_seconds of its
# training rows; the peer: its JSON), and the rest of the epoch (the shuffle, mostly).
phases = ["data", "forward", "backward", "optimizer", "other"]
records = {"emorec": [], "pytorch": []}
for r in range(1, rounds + 1):
    run = Path((out / f"emorec-{r}.run").read_text().strip())
    rows = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines() if line.strip()]
    records["emorec"] += [(row["seconds"], row.get("phase_seconds")) for row in rows if row["split"] == "train"]
    report = json.loads((out / f"peer-{r}.json").read_text())
    records["pytorch"] += [(e["train_seconds"], e["phase_seconds"]) for e in report["epochs"]]
print("phase medians, s/epoch:")
print(f"  {'side':<8} {'epoch':>7} " + " ".join(f"{p:>9}" for p in phases) + f" {'rest':>7}")
for side, recs in records.items():
    if any(ph is None for _, ph in recs):
        print(f"  {side:<8} (no phase split recorded)")
        continue
    total = statistics.median(sec for sec, _ in recs)
    split = [statistics.median(ph[p] for _, ph in recs) for p in phases]
    print(f"  {side:<8} {total:7.3f} " + " ".join(f"{v:9.3f}" for v in split) + f" {total - sum(split):7.3f}")
EOF
