#include "app/mood_predictor.h"

#include "core/error.h"
#include "core/rng.h"
#include "data/dataset_registry.h"
#include "data/tracks/tracks_dataset.h"
#include "models/tracks/tracks_registry.h"
#include "run/run_config.h"
#include "run/run_dir.h"
#include "train/checkpoint.h"

namespace emorec::app {

MoodPredictor::MoodPredictor(const std::string& run_dir, const std::string& checkpoint) {
  const run::RunDir dir = run::RunDir::open(run_dir);
  config_ = run::load_run_config(dir.file("config.yaml"));
  if (!data::dataset_registry().contains(config_.data.dataset) ||
      data::dataset_registry().at(config_.data.dataset).kind != "tracks") {
    throw ConfigError(run_dir + ": a run of " + config_.model.name + " on " + config_.data.dataset +
                      " is not a mood classifier (train one from configs/mood/)");
  }
  const auto dataset = data::load_tracks_dataset(config_.data, static_cast<uint64_t>(config_.seed));
  features_ = dataset.table.feature_names;
  mean_ = dataset.mean, sd_ = dataset.sd;
  model_ = models::track_model_registry().at(config_.model.name).build(
      config_.model.options, dataset.table.width(), static_cast<int64_t>(moods().size()),
      derive_seed(static_cast<uint64_t>(config_.seed), "model"));
  epoch_ = train::load_checkpoint(dir.checkpoint(checkpoint), *model_, nullptr).epochs_done;
  model_->eval();
}

const std::vector<std::string>& MoodPredictor::moods() const { return data::mood_names(); }

std::vector<double> MoodPredictor::probabilities(const std::vector<double>& raw, int64_t rows) {
  const auto w = static_cast<int64_t>(features_.size());
  if (static_cast<int64_t>(raw.size()) != rows * w) throw std::invalid_argument("MoodPredictor: rows x features mismatch");
  auto x = torch::empty({rows, w}, torch::kFloat);
  auto xa = x.accessor<float, 2>();
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < w; ++c) {
      const auto k = static_cast<size_t>(c);
      xa[r][c] = static_cast<float>((raw[static_cast<size_t>(r * w + c)] - mean_[k]) / sd_[k]);
    }
  }
  torch::NoGradGuard no_grad;
  const auto p = torch::softmax(model_->forward(x), 1).to(torch::kDouble).contiguous();
  return std::vector<double>(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
}

}  // namespace emorec::app
