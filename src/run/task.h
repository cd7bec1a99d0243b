// A task is what the experiment loop trains and evaluates: the KG CTR task (kg_task.cpp) or the facial-emotion
// classification task (fer_task.cpp). The loop (experiment_runner.cpp) owns everything else: learning-rate
// schedule, model selection, early stopping, metric files, checkpoints, resume.
#pragma once
#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "run/scores.h"

namespace emorec::run {

using SplitScores = std::vector<std::pair<std::string, Scores>>;

class Task {
 public:
  virtual ~Task() = default;
  virtual torch::nn::Module& model() = 0;
  virtual torch::optim::Optimizer& optimizer() = 0;
  // The metric names of this task, in metrics.csv column order.
  virtual std::vector<std::string> columns() const = 0;
  // Trains 0-based `epoch` (the learning rate is already set). Returns the training row's scores.
  virtual Scores train_epoch(int64_t epoch, bool progress) = 0;
  // The splits evaluated after every epoch, in order ("train" may reuse `train`); must include "eval".
  virtual SplitScores evaluate_epoch(const Scores& train) = 0;
  // Splits evaluated once, on the best checkpoint, after the last epoch, so that they are reported once per
  // run (FER: "test", "eval+test"; KG: the top-K protocols "topk_full", "topk_sampled" when configured).
  virtual std::vector<std::string> final_splits() const { return {}; }
  // Evaluates the current model on a named split ("eval", "test", ...).
  virtual Scores evaluate(const std::string& split) = 0;
  // Evaluates several splits of the same model, in order; a task may share work between them (FER combines
  // eval+test from its eval and test passes instead of computing the union again). `known`: scores of this
  // same model already measured (the loop passes the best epoch's per-epoch splits when it evaluates the best
  // checkpoint), which a task may use instead of evaluating them again.
  virtual SplitScores evaluate_all(const std::vector<std::string>& splits,
                                   const std::map<std::string, Scores>& known = {}) {
    (void)known;
    SplitScores out;
    for (const auto& s : splits) out.emplace_back(s, evaluate(s));
    return out;
  }
  // One console line for an epoch.
  virtual std::string epoch_line(int64_t epoch, int64_t epochs, const SplitScores& splits) const = 0;
};

// Builds the task for `config` (KG or FER, by data set kind): loads data, builds model and optimiser.
// `from_checkpoint`: a checkpoint will be restored next (closed-form models skip their fit).
std::unique_ptr<Task> make_task(const config::ExperimentConfig& config, torch::Device device, bool from_checkpoint);

}  // namespace emorec::run
