// Training a mood classifier on a TracksDataset: mini-batch cross-entropy with the configured optimiser for
// the gradient models, one fit on the training rows for the closed-form ones; evaluation gives the loss and
// the confusion matrix of a split.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "config/experiment.h"
#include "data/tracks/tracks_dataset.h"
#include "metrics/multiclass.h"
#include "models/tracks/track_model.h"
#include "train/data_parallel.h"
#include "train/step_clock.h"

namespace emorec::train {

struct TrackEpochStats {
  double loss = 0, acc = 0;  // over the epoch's training batches (dropout on); NaN for a closed-form model
  double seconds = 0;
  StepPhases phases;
};

struct TrackEvalStats {
  double loss = 0;  // mean cross-entropy
  metrics::Confusion confusion;
  double seconds = 0;
};

class TracksTrainer {
 public:
  // `fit_closed_form`: false when a checkpoint will be restored next.
  TracksTrainer(const config::ExperimentConfig& config, const data::TracksDataset& dataset, torch::Device device,
                bool fit_closed_form);
  models::TrackModel& model() { return *model_; }
  torch::optim::Optimizer& optimizer() { return *optimizer_; }
  TrackEpochStats train_epoch(int64_t epoch, bool progress);
  TrackEvalStats evaluate(const std::vector<int64_t>& rows);

 private:
  const config::ExperimentConfig& config_;
  const data::TracksDataset& dataset_;
  torch::Device device_;
  std::shared_ptr<models::TrackModel> model_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<DataParallel> dp_;
  torch::Tensor x_, y_;
  double fit_seconds_ = 0;
};

}  // namespace emorec::train
