// Running an experiment end to end: data, model, training loop with model selection on the eval split,
// run folder (resolved config, metrics, log, atomic checkpoints, status, summary), resume and re-evaluation.
#pragma once
#include <string>
#include <vector>

#include "config/experiment.h"
#include "train/kg_trainer.h"

namespace emorec::run {

struct TrainOptions {
  bool progress = true;        // progress bars while training
  int64_t max_new_epochs = -1;  // stop after this many epochs in this call (-1: run to train.epochs)
};

struct RunOutcome {
  std::string run_dir;
  int64_t epochs_done = 0;
  int64_t best_epoch = 0;  // 1-based
  train::SplitMetrics best_eval, best_test;  // at best_epoch
  double seconds_per_epoch = 0;  // mean training time of the epochs run in this call
};

// Trains `config` into a new run folder. Bad data or config fail before the folder exists; a failure before
// the first checkpoint removes the folder; a later one marks it failed in run.json (and it can be resumed).
RunOutcome train_experiment(const config::ExperimentConfig& config, const TrainOptions& options = {});

// Continues `run_dir` from checkpoints/last.pt. `overrides` may only change train.epochs (to extend a run).
RunOutcome resume_experiment(const std::string& run_dir, const std::vector<std::string>& overrides = {},
                             const TrainOptions& options = {});

struct EvalOutcome {
  int64_t epoch = 0;
  train::SplitMetrics eval, test;
};
// Re-evaluates checkpoints/<checkpoint>.pt of `run_dir` on its eval and test splits.
EvalOutcome evaluate_run(const std::string& run_dir, const std::string& checkpoint = "best");

// "ours vs paper" table for the console and summary.
std::string format_comparison(const config::ExperimentConfig& config, const RunOutcome& outcome);

}  // namespace emorec::run
