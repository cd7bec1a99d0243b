// Mood probabilities for tracks from a trained mood-classifier run (a tracks/ model on spotify-moods): the
// run's model at its best checkpoint, and the standardisation of its own training rows, recomputed from its
// config (the same seed and fold give the same rows).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "models/tracks/track_model.h"

namespace emorec::app {

class MoodPredictor {
 public:
  // Throws ConfigError when `run_dir` is not a run of a tracks/ model, RunError for an unreadable checkpoint.
  explicit MoodPredictor(const std::string& run_dir, const std::string& checkpoint = "best");
  // The feature columns the model reads, in order (the data set's names, e.g. length, danceability, ...).
  const std::vector<std::string>& features() const { return features_; }
  const std::vector<std::string>& moods() const;
  int64_t epoch() const { return epoch_; }
  // Probabilities [rows, moods] for raw feature rows (row-major, features() order), standardised as in training.
  std::vector<double> probabilities(const std::vector<double>& raw, int64_t rows);

 private:
  config::ExperimentConfig config_;
  std::vector<std::string> features_;
  std::vector<double> mean_, sd_;
  std::shared_ptr<models::TrackModel> model_;
  int64_t epoch_ = 0;
};

}  // namespace emorec::app
