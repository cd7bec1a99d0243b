// Training a music-tagging model on an AudioDataset: mini-batches of one random chunk per training track,
// SpecAugment masks on the training device, binary cross-entropy over the tags; evaluation of whole tracks by
// the tags' probabilities averaged over each track's chunks, scored by ROC-AUC and PR-AUC per tag, per group
// and macro over tags.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "config/experiment.h"
#include "data/audio/audio_dataset.h"
#include "metrics/multilabel.h"
#include "models/audio/audio_model.h"
#include "train/data_parallel.h"
#include "train/step_clock.h"

namespace emorec::train {

struct AudioEpochStats {
  double loss = 0;  // mean BCE over the epoch's training chunks (dropout and masks on)
  double seconds = 0;
  StepPhases phases;
};

struct AudioEvalStats {
  double loss = 0;  // mean BCE of the chunk-averaged probabilities against the track's tags
  metrics::MultiLabelScores scores;
  std::vector<float> probs;  // [tracks, tags], the chunk-averaged probabilities
  double seconds = 0;
};

class AudioTrainer {
 public:
  AudioTrainer(const config::ExperimentConfig& config, const data::AudioDataset& dataset,
               torch::Device device);
  models::AudioModel& model() { return *model_; }
  torch::optim::Optimizer& optimizer() { return *optimizer_; }
  AudioEpochStats train_epoch(int64_t epoch, bool progress);
  AudioEvalStats evaluate(const std::vector<int64_t>& tracks);

 private:
  const config::ExperimentConfig& config_;
  const data::AudioDataset& dataset_;
  torch::Device device_;
  std::shared_ptr<models::AudioModel> model_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<DataParallel> dp_;
};

// What chunk_averaged() averages over a track's evaluation chunks: the tags' probabilities (sigmoid of the
// logits) or the model's embeddings (AudioModel::embed).
enum class TrackOutput { kProbabilities, kEmbeddings };

// Per track, the average over its evaluation chunks [tracks, tags or embedding size] (CPU), chunks forwarded
// `batch` at a time on `device` in eval mode; `amp`: bf16 autocast.
torch::Tensor chunk_averaged(models::AudioModel& model, const data::AudioDataset& dataset,
                             const std::vector<int64_t>& tracks, int64_t batch, torch::Device device,
                             bool amp, TrackOutput what);

}  // namespace emorec::train
