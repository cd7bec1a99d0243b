// Training and evaluation of a facial-emotion classifier on FER2013: the uint8 images live on the training
// device, batches are augmented there (data/fer/augment.h), cross-entropy with optional label smoothing,
// optional bf16 autocast and channels-last; evaluation gives the loss and the confusion matrix of a split.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "config/experiment.h"
#include "data/fer/fer_dataset.h"
#include "metrics/multiclass.h"
#include "models/fer/fer_model.h"
#include "train/data_parallel.h"
#include "train/step_clock.h"

namespace emorec::train {

struct FerEpochStats {
  double loss = 0, acc = 0;  // running means over the epoch's training batches (augmented, dropout on)
  double seconds = 0, images_per_second = 0;
  StepPhases phases;  // the steps' time by phase
};

struct FerEvalStats {
  double loss = 0;  // mean cross-entropy (no label smoothing) of the crop-averaged logits
  metrics::Confusion confusion{7};
  double seconds = 0;
};

// The statistics of the union of two disjoint evaluations: confusions added, losses weighted by images,
// seconds added.
FerEvalStats combine(const FerEvalStats& a, const FerEvalStats& b);

// Builds the named FER model for `config` (data.input_size inputs, channels-last if asked) on `device`.
std::shared_ptr<models::FerModel> build_fer_model(const config::ExperimentConfig& config, torch::Device device);

// Logits of uint8 [B, 48, 48] face images through the evaluation view (centre crop or ten crops, logits
// averaged over crops): what evaluation and `emorec predict-emotion` both use. Runs in eval mode, no grad.
torch::Tensor fer_eval_logits(models::FerModel& model, const torch::Tensor& images, const config::ExperimentConfig& config,
                              torch::Device device);

class FerTrainer {
 public:
  FerTrainer(const config::ExperimentConfig& config, const data::FerDataset& dataset, torch::Device device);

  models::FerModel& model() { return *model_; }
  torch::optim::Optimizer& optimizer() { return *optimizer_; }

  // 0-based `epoch` at the optimiser's current learning rate; shuffling and augmentation draw from streams
  // derived from (seed, epoch, step). Throws RunError on a non-finite loss.
  FerEpochStats train_epoch(int64_t epoch, bool progress);
  FerEvalStats evaluate(const std::vector<int64_t>& rows);

 private:
  const config::ExperimentConfig& config_;
  const data::FerDataset& dataset_;
  torch::Device device_;
  std::shared_ptr<models::FerModel> model_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<DataParallel> dp_;
  torch::Tensor images_, labels_;  // uint8 [N, 48, 48], int64 [N], on the device
};

}  // namespace emorec::train
