#!/usr/bin/env bash
# Training throughput of one process with T threads against N data-parallel processes with T/N threads each
# (emorec launch, Gloo over loopback), alternately, on the same CPU: the median training seconds per epoch of
# each side, steps per second, and the share of the data-parallel epoch spent waiting for the gradients'
# all-reduce after the backward pass ("communication" in phase_seconds; what overlapped the backward is inside
# "backward").
set -euo pipefail

usage() {
  cat <<'EOF2'
usage: bench/dist/compare.sh MODEL [options]

MODEL: kgcn (configs/kg/kgcn_lastfm_sum.yaml) or seed_cnn (configs/fer/seed_cnn.yaml).

options:
  --epochs N        training epochs of every run (default 3)
  --rounds R        single-then-parallel rounds (default 2)
  --nproc N         data-parallel processes (default 2)
  --threads T       threads of the single process; each worker gets T / N (default 2)
  --train-subset N  seed_cnn only: train on N Training images (data.train_subset)
  --out DIR         keep the run folders and logs here (default: a temporary folder, removed)

environment: EMOREC (default build/emorec). Run it on an otherwise idle machine.
EOF2
}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
emorec=${EMOREC:-build/emorec}
[[ $# -ge 1 ]] || { usage >&2; exit 2; }
model=$1
shift
case "$model" in
  kgcn) config=configs/kg/kgcn_lastfm_sum.yaml ;;
  seed_cnn) config=configs/fer/seed_cnn.yaml ;;
  -h|--help) usage; exit 0 ;;
  *) echo "compare.sh: unknown model '$model' (known: kgcn, seed_cnn)" >&2; exit 2 ;;
esac
epochs=3 rounds=2 nproc=2 threads=2 subset="" out=""
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { echo "compare.sh: $1 needs a value" >&2; exit 2; }
  case "$1" in
    --epochs) epochs=$2 ;;
    --rounds) rounds=$2 ;;
    --nproc) nproc=$2 ;;
    --threads) threads=$2 ;;
    --train-subset) subset=$2 ;;
    --out) out=$2 ;;
    *) echo "compare.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift 2
done
for pair in "epochs:$epochs" "rounds:$rounds" "nproc:$nproc" "threads:$threads" "train-subset:${subset:-1}"; do
  [[ ${pair#*:} =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --${pair%%:*} must be a positive integer" >&2; exit 2; }
done
((threads % nproc == 0)) || { echo "compare.sh: --threads must be a multiple of --nproc" >&2; exit 2; }
[[ -x $emorec ]] || { echo "compare.sh: $emorec is not an executable; build EmoRec first (scripts/build)" >&2; exit 1; }
if [[ -n $out ]]; then mkdir -p "$out"; else out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; fi

args=(train "$config" --set "train.epochs=$epochs" --set device=cpu --no-progress)
[[ -n $subset ]] && args+=(--set "data.train_subset=$subset")
port=29700
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds: 1 process x $threads threads" >&2
  "$emorec" "${args[@]}" --set "threads=$threads" --set "output.runs_dir=$out/single-$r" \
    >"$out/single-$r.stdout" 2>"$out/single-$r.log" || { tail -5 "$out/single-$r.log" >&2; exit 1; }
  echo "round $r/$rounds: $nproc processes x $((threads / nproc)) threads" >&2
  "$emorec" launch --nproc-per-node "$nproc" --master "127.0.0.1:$((port + r))" -- "${args[@]}" \
    --set "threads=$((threads / nproc))" --set "output.runs_dir=$out/parallel-$r" \
    >"$out/parallel-$r.stdout" 2>"$out/parallel-$r.log" || { tail -5 "$out/parallel-$r.log" >&2; exit 1; }
done

python3 - "$out" "$rounds" "$model" "$epochs" "$nproc" "$threads" <<'EOF2'
import glob, json, statistics, sys
from pathlib import Path

out, rounds, model, epochs, nproc, threads = Path(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:]
steps = None


def train_rows(side, r):
    run = Path((out / f"{side}-{r}.stdout").read_text().strip().splitlines()[-1])
    rows = [json.loads(l) for l in (run / "metrics.jsonl").read_text().splitlines() if l.strip()]
    return [row for row in rows if row["split"] == "train"], run


sides = {}
for side in ("single", "parallel"):
    secs, comm, phases = [], [], {}
    for r in range(1, rounds + 1):
        rows, run = train_rows(side, r)
        cfg = (run / "config.yaml").read_text()
        for row in rows:
            secs.append(row["seconds"])
            p = row.get("phase_seconds", {})
            comm.append(p.get("communication", 0.0) / row["seconds"])
            for k, v in p.items():
                phases.setdefault(k, []).append(v)
    sides[side] = (secs, comm, {k: statistics.median(v) for k, v in phases.items()})

print(f"{model}: {epochs} epochs per run, {rounds} rounds; 1 process x {threads} threads against "
      f"{nproc} processes x {int(threads) // int(nproc)} thread(s) (Gloo, loopback)")
print(f"{'side':<10} {'median s/epoch':>14} {'min':>8} {'max':>8} {'comm share':>11}  phases (median s)")
for side, (secs, comm, phases) in sides.items():
    listed = " ".join(f"{k} {v:.3f}" for k, v in sorted(phases.items()))
    print(f"{side:<10} {statistics.median(secs):>14.3f} {min(secs):>8.3f} {max(secs):>8.3f} "
          f"{statistics.median(comm):>10.1%}  {listed}")
ratio = statistics.median(sides["single"][0]) / statistics.median(sides["parallel"][0])
print(f"parallel speed / single speed (medians): {ratio:.2f}x")
EOF2
