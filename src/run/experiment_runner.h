// Running an experiment end to end: the task (run/task.h), the training loop with learning-rate schedule,
// model selection on the eval split and early stopping, the run folder (resolved config, metrics, log,
// atomic checkpoints, status, summary, plots), resume and re-evaluation.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "run/scores.h"
#include "run/task.h"

namespace emorec::run {

struct TrainOptions {
  bool progress = true;         // progress bars while training
  int64_t max_new_epochs = -1;  // stop after this many epochs in this call (-1: run to train.epochs)
};

struct RunOutcome {
  std::string run_dir;
  int64_t epochs_done = 0;
  int64_t best_epoch = 0;  // 1-based
  bool stopped_early = false;
  std::map<std::string, Scores> best;  // split -> scores of the best epoch's model (eval, test, ...)
  double seconds_per_epoch = 0;        // mean training time of the epochs run in this call
  const Scores& at(const std::string& split) const;  // throws RunError if the split was not evaluated
};

// Trains `config` into a new run folder. Bad data or config fail before the folder exists; a failure before
// the first checkpoint removes the folder; a later one marks it failed in run.json (and it can be resumed).
RunOutcome train_experiment(const config::ExperimentConfig& config, const TrainOptions& options = {});

// Continues `run_dir` from its last committed checkpoint. `overrides` may only change train.epochs (to extend a run).
RunOutcome resume_experiment(const std::string& run_dir, const std::vector<std::string>& overrides = {},
                             const TrainOptions& options = {});

struct EvalOutcome {
  int64_t epoch = 0;
  SplitScores splits;  // eval, test, and the task's once-per-run splits
  const Scores& at(const std::string& split) const;
};
// Re-evaluates the committed "best" or "last" checkpoint of `run_dir`.
EvalOutcome evaluate_run(const std::string& run_dir, const std::string& checkpoint = "best");

}  // namespace emorec::run
