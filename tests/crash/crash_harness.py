#!/usr/bin/env python3
"""Crash consistency (docs/RELIABILITY.md): real `emorec` processes killed with SIGKILL at random moments, then
resumed. Each scenario first runs uninterrupted; then every trial starts it again, kills it after a delay drawn
uniformly from [0, 1.05 x the uninterrupted time] (so kills land in folder creation, cache building, epochs,
metric appends, checkpoint writes and final reports alike), checks what the kill left, resumes it (the resume
itself killed again at a random moment with probability 1/2, then resumed once more), and checks the end.

What must hold after every kill:
  - no run or table folder is half-made: either none exists, or it has its config (config.yaml / table.yaml),
    and every JSON document in it parses (metrics.jsonl may end in one torn line, which resuming drops);
  - resuming completes and gives the uninterrupted run's metrics row for row (wall times excepted), with no
    temporaries left and exactly the committed checkpoints;
  - a table resumes without training again the cells that had completed before the kill.

Scenarios: train (KGCN on the generated KG), fer (the seed CNN on a 1,166-image CSV made from FER2013's
sample, its decoded cache built inside the killed process), table (a 2 x 2 reproduction table), catalogue
(`emorec catalogue build` from a mood run: the file is absent or whole, and a rebuild equals an uninterrupted
build).

  crash_harness.py EMOREC SOURCE_DIR DATA_ROOT [--kills N] [--seed S] [--scenarios train,fer,table,catalogue]
                   [--json]
Exit 0 when every check holds; 1 with the failures listed.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def rows_of(run_dir):
    """metrics.jsonl without wall times and speeds; a torn last line (a kill mid-append) is reported as None."""
    out = []
    with open(os.path.join(run_dir, "metrics.jsonl"), encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                out.append(None)
                continue
            out.append({k: v for k, v in row.items() if "second" not in k})  # wall times and speeds
    return out


class Harness:
    def __init__(self, args):
        self.emorec = os.path.abspath(args.emorec)
        self.source = os.path.abspath(args.source)
        self.data = os.path.abspath(args.data)
        self.rng = random.Random(args.seed)
        self.work = tempfile.mkdtemp(prefix="emorec-crash-")
        self.failures = []
        self.kills = {}       # scenario -> kills that hit a running process
        self.late = {}        # scenario -> kills that came after the process had ended
        self.outcomes = {}    # scenario -> {what the kill left: count}

    def fail(self, trial, message):
        self.failures.append(f"{trial}: {message}")

    def note(self, scenario, outcome):
        self.outcomes.setdefault(scenario, {})
        self.outcomes[scenario][outcome] = self.outcomes[scenario].get(outcome, 0) + 1

    def run(self, args, env=None, check=True):
        p = subprocess.run([self.emorec] + args, cwd=self.source, env=env, capture_output=True, text=True,
                           timeout=900)
        if check and p.returncode != 0:
            raise RuntimeError(f"emorec {' '.join(args)} exited {p.returncode}:\n{p.stderr[-3000:]}")
        return p

    def killed_run(self, scenario, args, seconds, env=None):
        """Starts emorec, SIGKILLs it after `seconds`; True if it was still running."""
        p = subprocess.Popen([self.emorec] + args, cwd=self.source, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        try:
            p.wait(timeout=seconds)
            self.late[scenario] = self.late.get(scenario, 0) + 1
            return False
        except subprocess.TimeoutExpired:
            p.send_signal(signal.SIGKILL)
            p.wait()
            self.kills[scenario] = self.kills.get(scenario, 0) + 1
            return True

    def timed(self, args):
        t0 = time.monotonic()
        self.run(args)
        return time.monotonic() - t0

    def killed_trials(self, scenario, kills, args_of, seconds):
        """Yields (trial name, its folder) for each start of `args_of(folder)` that a kill, drawn uniformly in
        [0, 1.05 x seconds], hit while it ran; the folder is removed after each trial."""
        trial_no = 0
        while self.kills.get(scenario, 0) < kills:
            trial_no += 1
            folder = os.path.join(self.work, scenario, f"t{trial_no}")
            os.makedirs(folder, exist_ok=True)
            if self.killed_run(scenario, args_of(folder), self.rng.uniform(0, 1.05 * seconds)):
                yield f"{scenario} #{trial_no}", folder
            shutil.rmtree(folder, ignore_errors=True)

    # --- what a kill may leave ---------------------------------------------------------------------------

    def check_documents(self, trial, folder):
        for root, _, files in os.walk(folder):
            for name in files:
                path = os.path.join(root, name)
                if ".tmp." in name:
                    continue  # an interrupted atomic write's temporary: removed when the folder is resumed
                if name.endswith(".json"):
                    try:
                        with open(path, encoding="utf-8") as f:
                            json.load(f)
                    except (json.JSONDecodeError, UnicodeDecodeError) as e:
                        self.fail(trial, f"{path}: half-written JSON ({e})")
                if name == "metrics.jsonl":
                    rows = rows_of(root)
                    if None in rows[:-1]:
                        self.fail(trial, f"{path}: a torn line before the last")
        if not (os.path.isfile(os.path.join(folder, "config.yaml")) or
                os.path.isfile(os.path.join(folder, "table.yaml"))):
            self.fail(trial, f"{folder}: a folder without its config")

    def visible(self, parent):
        if not os.path.isdir(parent):
            return []
        return sorted(os.path.join(parent, e) for e in os.listdir(parent) if not e.startswith("."))

    def check_clean(self, trial, folder):
        for root, _, files in os.walk(folder):
            for name in files:
                if ".tmp." in name:
                    self.fail(trial, f"{os.path.join(root, name)}: a temporary left after resuming")

    # --- scenarios -----------------------------------------------------------------------------------------

    def train_args(self, scenario, runs):
        if scenario == "train":
            return ["train", "configs/kg/kgcn_synthetic.yaml", "--set", f"output.runs_dir={runs}",
                    "--set", "device=cpu", "--set", "train.epochs=4", "--no-progress"]
        return ["train", "configs/fer/seed_cnn.yaml", "--set", f"output.runs_dir={runs}", "--set", "device=cpu",
                "--set", "train.epochs=3", "--set", "train.batch_size=64", "--set", f"data.path={self.fer_csv}",
                "--set", f"data.cache_dir={os.path.join(runs, 'cache')}", "--set", f"data.root={self.data}",
                "--no-progress"]

    def make_fer_csv(self):
        """FER2013's sample rows with usages re-assigned (row % 5 == 3: PublicTest, 4: PrivateTest)."""
        self.fer_csv = os.path.join(self.work, "fer.csv")
        with open(os.path.join(self.data, "fer2013", "fer2013-sample.csv"), encoding="ascii") as f:
            lines = f.read().splitlines()
        out = [lines[0]]
        for i, line in enumerate(lines[1:]):
            label, pixels, _ = line.split(",")
            usage = "PublicTest" if i % 5 == 3 else "PrivateTest" if i % 5 == 4 else "Training"
            out.append(f"{label},{pixels},{usage}")
        with open(self.fer_csv, "w", encoding="ascii") as f:
            f.write("\n".join(out) + "\n")

    def train_scenario(self, scenario, kills):
        experiment = "kgcn_synthetic" if scenario == "train" else "fer_seed_cnn"
        base_runs = os.path.join(self.work, scenario, "base")
        seconds = self.timed(self.train_args(scenario, base_runs))
        (base_dir,) = self.visible(os.path.join(base_runs, experiment))
        base_rows = rows_of(base_dir)
        for trial, runs in self.killed_trials(scenario, kills, lambda d: self.train_args(scenario, d), seconds):
            folders = self.visible(os.path.join(runs, experiment))
            if not folders:
                self.note(scenario, "no run folder yet")
                continue
            if len(folders) > 1:
                self.fail(trial, f"{len(folders)} run folders")
            run_dir = folders[0]
            self.check_documents(trial, run_dir)
            committed = os.path.isfile(os.path.join(run_dir, "checkpoints", "checkpoints.json"))
            self.note(scenario, "epochs committed" if committed else "folder, no epoch committed")
            resume = ["train", "--resume", run_dir, "--no-progress"]
            if self.rng.random() < 0.5 and self.killed_run(scenario, resume, self.rng.uniform(0, 0.8 * seconds)):
                self.check_documents(trial + " (resume killed)", run_dir)
            p = self.run(resume, check=False)
            status = json.load(open(os.path.join(run_dir, "run.json"), encoding="utf-8")).get("status")
            if p.returncode != 0 and not (p.returncode == 2 and "already trained" in p.stderr and status == "completed"):
                self.fail(trial, f"resume exited {p.returncode}: {p.stderr[-600:]}")
                continue
            rows = rows_of(run_dir)
            if rows != base_rows:
                diff = next(((a, b) for a, b in zip(rows, base_rows) if a != b), None)
                self.fail(trial, f"{run_dir}: metrics differ from the uninterrupted run's "
                                 f"({len(rows)} rows against {len(base_rows)}; first difference {diff})")
            self.check_clean(trial, run_dir)
            ckpt = sorted(os.listdir(os.path.join(run_dir, "checkpoints")))
            manifest = json.load(open(os.path.join(run_dir, "checkpoints", "checkpoints.json"), encoding="utf-8"))
            want = sorted({"checkpoints.json", manifest["best"]["file"], manifest["last"]["file"]})
            if ckpt != want:
                self.fail(trial, f"checkpoints {ckpt}, expected {want}")

    def table_scenario(self, kills):
        scenario = "table"
        table = os.path.join(self.work, "crash_table.yaml")
        with open(table, "w", encoding="utf-8") as f:
            f.write("title: crash harness\ndescription: two KGCN aggregators on the generated KG, two seeds\n"
                    "seeds: [1, 2]\nset: [device=cpu, train.epochs=2]\nmetrics: [test.auc, test.f1]\n"
                    "rows:\n  - label: sum\n    config: configs/kg/kgcn_synthetic.yaml\n"
                    "    set: [model.aggregator=sum]\n  - label: concat\n    config: configs/kg/kgcn_synthetic.yaml\n"
                    "    set: [model.aggregator=concat]\n")

        def args(runs):
            return ["reproduce", table, "--runs-dir", runs, "--no-progress"]

        def cells(folder):
            """Completed cells: run folder -> its run.json 'finished'."""
            out = {}
            for root, dirs, files in os.walk(folder):
                if "run.json" in files and "summary.json" in files:
                    doc = json.load(open(os.path.join(root, "run.json"), encoding="utf-8"))
                    if doc.get("status") == "completed":
                        out[root] = doc.get("finished")
            return out

        def results(folder):
            doc = json.load(open(os.path.join(folder, "results.json"), encoding="utf-8"))
            kept = {k: doc.get(k) for k in ("rows", "best_model", "best_baseline", "metrics", "seeds", "paired_test")}
            return json.dumps(strip_times(kept), sort_keys=True)

        base = os.path.join(self.work, scenario, "base")
        seconds = self.timed(args(base))
        (base_folder,) = self.visible(os.path.join(base, "tables", "crash_table"))
        base_results = results(base_folder)
        for trial, runs in self.killed_trials(scenario, kills, args, seconds):
            folders = self.visible(os.path.join(runs, "tables", "crash_table"))
            if not folders:
                self.note(scenario, "no table folder yet")
                continue
            folder = folders[0]
            self.check_documents(trial, folder)
            done = cells(folder)
            self.note(scenario, f"{len(done)} of 4 cells done")
            self.run(["reproduce", "--resume", folder, "--runs-dir", runs, "--no-progress"])
            after = cells(folder)
            for run_dir, finished in done.items():
                if after.get(run_dir) != finished:
                    self.fail(trial, f"{run_dir}: a completed cell was trained again")
            got = results(folder)
            if got != base_results:
                at = next((i for i, (a, b) in enumerate(zip(got, base_results)) if a != b), min(len(got), len(base_results)))
                self.fail(trial, "the resumed table's results differ from the uninterrupted table's: ..." +
                          got[max(0, at - 80):at + 80] + "... against ..." + base_results[max(0, at - 80):at + 80])
            self.check_clean(trial, folder)

    def catalogue_scenario(self, kills):
        """`emorec catalogue build` killed: the catalogue is either absent or whole, and a rebuild is the same."""
        scenario = "catalogue"
        runs = os.path.join(self.work, scenario, "runs")
        self.run(["train", "configs/mood/logistic.yaml", "--set", f"output.runs_dir={runs}",
                  "--set", f"data.root={self.data}", "--no-progress"])
        (mood_run,) = self.visible(os.path.join(runs, "mood_logistic"))

        def args(out):
            return ["catalogue", "build", "--run", mood_run, "--out", out, "--root", self.data]

        base = os.path.join(self.work, scenario, "base.tsv")
        seconds = self.timed(args(base))
        with open(base, "rb") as f:
            base_bytes = f.read()
        for trial, folder in self.killed_trials(scenario, kills, lambda d: args(os.path.join(d, "catalogue.tsv")),
                                                seconds):
            out = os.path.join(folder, "catalogue.tsv")
            if os.path.exists(out):
                self.note(scenario, "catalogue written")
                with open(out, "rb") as f:
                    if f.read() != base_bytes:
                        self.fail(trial, f"{out}: a catalogue that differs from the uninterrupted build's")
            else:
                self.note(scenario, "no catalogue yet")
            self.run(args(out))
            with open(out, "rb") as f:
                if f.read() != base_bytes:
                    self.fail(trial, f"{out}: the rebuilt catalogue differs from the uninterrupted build's")
            self.check_clean(trial, folder)


def strip_times(doc):
    if isinstance(doc, dict):
        return {k: strip_times(v) for k, v in doc.items()
                if "seconds" not in k and k not in ("folder", "run_dir", "run", "created", "finished", "started")}
    if isinstance(doc, list):
        return [strip_times(v) for v in doc]
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("emorec")
    ap.add_argument("source")
    ap.add_argument("data")
    ap.add_argument("--kills", type=int, default=6, help="kills per scenario")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenarios", default="train,fer,table,catalogue")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    h = Harness(args)
    t0 = time.monotonic()
    try:
        for scenario in args.scenarios.split(","):
            if scenario in ("train", "fer"):
                if scenario == "fer":
                    if not os.path.isfile(os.path.join(h.data, "fer2013", "fer2013-sample.csv")):
                        print("crash harness: fer skipped (no fer2013 data set under " + h.data + ")")
                        continue
                    h.make_fer_csv()
                h.train_scenario(scenario, args.kills)
            elif scenario == "table":
                h.table_scenario(args.kills)
            elif scenario == "catalogue":
                if not all(os.path.isdir(os.path.join(h.data, d)) for d in ("spotify-moods", "spotify-hits")):
                    print("crash harness: catalogue skipped (no spotify-moods and spotify-hits under " + h.data + ")")
                    continue
                h.catalogue_scenario(args.kills)
            else:
                raise SystemExit(f"unknown scenario {scenario}")
    finally:
        shutil.rmtree(h.work, ignore_errors=True)
    report = {"kills": h.kills, "kills_after_the_end": h.late, "left_by_the_kill": h.outcomes,
              "failures": h.failures, "seconds": round(time.monotonic() - t0, 1), "seed": args.seed}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for s, n in h.kills.items():
            print(f"{s}: {n} kills ({h.late.get(s, 0)} more came after the end); left: {h.outcomes.get(s, {})}")
        for f in h.failures:
            print("FAILED " + f)
        print(f"{sum(h.kills.values())} kills, {len(h.failures)} failures, {report['seconds']} s")
    sys.exit(1 if h.failures else 0)


if __name__ == "__main__":
    main()
