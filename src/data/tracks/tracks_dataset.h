// Labelled songs ready for training a mood classifier: the table, one cross-validation split (the held-out
// fold is the test rows; eval rows come from the training folds), and the feature standardisation fitted on
// the training rows only, so no statistic of an eval or test row reaches training.
#pragma once
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "core/registry.h"
#include "data/tracks/cv_folds.h"
#include "data/tracks/mood_tracks.h"

namespace emorec::data {

// The keys of a labelled-tracks data set (spotify-moods), beside data.dataset.
struct TracksDataConfig {
  std::string path;                                         // file in the data set's folder; empty: its default
  std::vector<std::string> features = default_mood_features();
  int64_t folds = 10;                                       // stratified k-fold; repeats come from the seed
  int64_t fold = 0;                                         // the held-out (test) fold
  double eval_fraction = 0.1;                               // of the training folds, stratified: selects epochs
  bool standardize = true;                                  // z-scores fitted on the training rows
  void visit(config::ConfigVisitor& v);
};

struct TracksDataset {
  std::string source;
  TrackTable table;
  CvSplit split;
  std::vector<double> mean, sd;  // per feature, from the training rows (0 and 1 when not standardised)
  torch::Tensor x;               // float [rows, features], standardised
  torch::Tensor y;               // int64 [rows]
  std::string summary() const;
};

// The mean and standard deviation (population, as scikit-learn's StandardScaler) of each feature over `rows`;
// a constant feature gets sd 1.
void fit_standardization(const TrackTable& table, const std::vector<int64_t>& rows, std::vector<double>& mean,
                         std::vector<double>& sd);

// A tracks loader: its keys and the loading itself.
struct TracksLoader {
  std::function<config::ComponentOptions()> options;
  std::function<TracksDataset(const config::DataConfig& data, uint64_t seed)> load;
};
// The tracks loaders by name, as data/datasets.yaml's `loader` names them: spotify-moods.
const Registry<TracksLoader>& tracks_loaders();

// Loads `data.dataset` with its loader; `seed` assigns the folds and draws the eval rows.
TracksDataset load_tracks_dataset(const config::DataConfig& data, uint64_t seed);

}  // namespace emorec::data
