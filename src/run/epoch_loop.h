// The epoch loop of a run, between the runner's preparation (run/experiment_runner.cpp) and its summary: per
// epoch, the scheduled learning rate, training, evaluation, metric rows, model selection on the eval split,
// the schedule's and early stopping's view of the eval metric, the atomic checkpoint commit and run.json; after
// the last epoch, the task's once-per-run splits on the best checkpoint.
#pragma once
#include <memory>

#include "config/experiment.h"
#include "run/experiment_runner.h"
#include "run/run_dir.h"
#include "run/task.h"
#include "train/checkpoint.h"

namespace emorec::run {

// Everything a run needs before its folder exists: failures while making it leave nothing behind.
struct PreparedRun {
  config::ExperimentConfig config;
  torch::Device device{torch::kCPU};
  std::unique_ptr<Task> task;
};

// The epoch loop from `state` to train.epochs (or max_new_epochs more, or early stopping), recording into
// `dir`. Per epoch: metric rows first, then the checkpoints and their manifest (the commit point), then
// run.json. A crash before the manifest is written redoes the epoch, and the resumed run drops the rows of
// epochs past the committed one.
// `checkpointed` becomes true once the first epoch is committed.
RunOutcome run_epochs(PreparedRun& p, const RunDir& dir, train::LoopState state, const TrainOptions& options,
                      bool* checkpointed);

}  // namespace emorec::run
