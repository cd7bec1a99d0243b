#!/usr/bin/env bash
# Reproduces the KGCN Last.FM table: sum, concat and neighbor aggregators on the paper's hyper-parameters,
# and the baselines (item popularity, item-kNN, BPR-MF) on the same data, negatives and splits, each over
# seeds 1..5. Prints a Markdown table (test AUC/F1 mean +- sd at the best eval-AUC epoch, exact
# and as the reference code averages them over batches of 128, beside the paper) and the mean CPU training
# time per epoch. Runs go to runs/ (or $RUNS_DIR).
# NEGATIVES=popularity (or inverse_popularity) runs everything under another negative-sampling protocol
# (data.negatives; KGCN's is uniform).
#   [NEGATIVES=uniform] experiments/reproduce_kgcn_lastfm.sh [seeds...]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/build >&2
runs=${RUNS_DIR:-runs}
emorec=${EMOREC_BUILD_DIR:-build}/emorec
negatives=${NEGATIVES:-uniform}
mkdir -p "$runs"
seeds=("$@")
((${#seeds[@]})) || seeds=(1 2 3 4 5)
summaries=()
configs=(configs/kg/kgcn_lastfm_{sum,concat,neighbor}.yaml configs/kg/baselines/{popularity,item_knn,bpr_mf}_lastfm.yaml)
for config in "${configs[@]}"; do
  name=$(basename "$config" .yaml)
  for seed in "${seeds[@]}"; do
    log="$runs/${name}_seed${seed}.log"
    run=$("$emorec" train "$config" --no-progress --set seed="$seed" --set device=cpu --set data.negatives="$negatives" \
          --set output.runs_dir="$runs" --set experiment="${name}_seed${seed}" 2>"$log" | tail -1) ||
      { echo "${name} seed ${seed} failed; see $log:" >&2; tail -5 "$log" >&2; exit 1; }
    echo "${name} seed ${seed}: ${run}" >&2
    summaries+=("$run/summary.json")
  done
done
python3 - "$negatives" "${summaries[@]}" <<'PY'
import json, statistics, sys
print(f"Protocol: CTR on KGCN's Last.FM, one negative per positive drawn by `{sys.argv[1]}` sampling, random 6:2:2 split.")
print()
rows = {}
for path in sys.argv[2:]:
    s = json.load(open(path))
    name = s["experiment"].rsplit("_seed", 1)[0]
    rows.setdefault(name, []).append(s)
# 97.5% quantiles of Student's t by degrees of freedom, for two-sided 95% intervals and 5% tests.
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228}
def ci95(values):
    if len(values) < 2: return "-"
    half = T975.get(len(values) - 1, 1.96) * statistics.stdev(values) / len(values) ** 0.5
    m = statistics.mean(values)
    return f"[{m - half:.4f}, {m + half:.4f}]"
def ms(values):
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values) if len(values) > 1 else 0:.4f}"
print("| model | test AUC | 95% CI | test AUC, batched | paper AUC | test F1 | test F1, batched | paper F1 | best epoch | s/epoch (CPU) | seeds |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for name, runs in rows.items():
    ref = runs[0]["reference"]
    auc = [r["test"]["auc"] for r in runs]
    f1 = [r["test"]["f1"] for r in runs]
    auc_b = [r["test"]["auc_batched"] for r in runs]
    f1_b = [r["test"]["f1_batched"] for r in runs]
    epochs = ", ".join(str(r["best_epoch"]) for r in runs)
    sec = statistics.mean(r["train_seconds_per_epoch"] for r in runs)
    paper = lambda v: "-" if v is None else v
    print(f"| {name} | {ms(auc)} | {ci95(auc)} | {ms(auc_b)} | {paper(ref['auc'])} | {ms(f1)} | {ms(f1_b)} | {paper(ref['f1'])} | {epochs} | {sec:.2f} | {len(runs)} |")
print()
# Paired t-tests on test AUC (same seeds, hence the same negatives and splits): each model against the best
# baseline. Two-sided at 5%: |t| above the 97.5% Student-t quantile with n-1 degrees of freedom.
def seed_of(r): return r["experiment"].rsplit("_seed", 1)[1]
def mean_auc(name): return statistics.mean(r["test"]["auc"] for r in rows[name])
baselines = [n for n in rows if not n.startswith("kgcn")]
if baselines and all(len(r) > 1 for r in rows.values()):
    best = max(baselines, key=mean_auc)
    base = {seed_of(r): r["test"]["auc"] for r in rows[best]}
    print(f"Paired test on test AUC against the best baseline ({best}):")
    print()
    print("| model | mean difference | sd of differences | t | significant at 5% |")
    print("|---|---|---|---|---|")
    for name in rows:
        if name == best: continue
        d = [r["test"]["auc"] - base[seed_of(r)] for r in rows[name]]
        sd = statistics.stdev(d)
        t = statistics.mean(d) / (sd / len(d) ** 0.5) if sd > 0 else float("inf")
        crit = T975.get(len(d) - 1, 1.96)
        print(f"| {name} | {statistics.mean(d):+.4f} | {sd:.4f} | {t:+.2f} | {'yes' if abs(t) > crit else 'no'} (critical t = {crit}) |")
    print()
print("commit:", runs[0]["commit"], " device:", runs[0]["device"])
PY
