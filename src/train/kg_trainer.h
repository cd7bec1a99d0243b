// Training and evaluation of a KG CTR model on one data set: shuffled mini-batches of labelled (user, item)
// pairs, BCE on logits plus the model's L2 term, and exact whole-split metrics.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "config/experiment.h"
#include "data/kg_dataset.h"
#include "models/kg_model.h"
#include "train/data_parallel.h"
#include "train/step_clock.h"

namespace emorec::train {

struct SplitMetrics {
  double loss = NAN;  // mean BCE over the split (training: mean total loss over the epoch's steps)
  double auc = NAN, acc = NAN, f1 = NAN;
  double auc_batched = NAN, f1_batched = NAN;  // KGCN's batch-averaged protocol (eval.batched_protocol)
  double seconds = 0;
  StepPhases phases;  // training epochs only: the steps' time by phase
  double get(const std::string& metric) const;  // "auc" | "acc" | "f1"
};

class KgTrainer {
 public:
  // `fit_closed_form` false skips fit() of closed-form models, for a caller that restores them from a
  // checkpoint next (which holds everything fit() computes).
  KgTrainer(const config::ExperimentConfig& config, const data::KgDataset& dataset, torch::Device device,
            bool fit_closed_form = true);

  models::KgModel& model() { return *model_; }
  torch::optim::Optimizer& optimizer() { return *optimizer_; }

  // Runs 0-based `epoch` at the optimiser's current learning rate over the training split (shuffled by a stream derived from the seed and the epoch).
  // Returns the mean loss and the time (closed-form models: no loss, and fit() time at epoch 0). Throws
  // RunError on a non-finite loss.
  SplitMetrics train_epoch(int64_t epoch, bool progress);

  // Logits of (user, item) pairs (int64 [B] tensors on any device), on the CPU, in evaluation mode.
  torch::Tensor score_pairs(const torch::Tensor& users, const torch::Tensor& items);
  // Predicted probabilities for the given interaction rows, in order (data-parallel: each rank predicts its
  // shard and every rank receives all of them).
  std::vector<float> predict(const std::vector<int64_t>& rows);
  // Whole-split loss, AUC, accuracy and F1 (no batch averaging).
  SplitMetrics evaluate(const std::vector<int64_t>& rows);

 private:
  const config::ExperimentConfig& config_;
  const data::KgDataset& dataset_;
  torch::Device device_;
  std::shared_ptr<models::KgModel> model_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<DataParallel> dp_;
  torch::Tensor users_, items_, labels_;  // all interactions, on the device
  double fit_seconds_ = 0;                // closed-form models: time of fit()
};

}  // namespace emorec::train
