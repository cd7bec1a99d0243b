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
#include "data/tracks/tracks_data_config.h"

namespace emorec::data {

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

// A tracks loader: the loading itself (its keys: data/loader_options.h).
struct TracksLoader {
  std::function<TracksDataset(const config::DataConfig& data, uint64_t seed)> load;
};
// The tracks loaders by name, as data/datasets.yaml's `loader` names them: spotify-moods.
const Registry<TracksLoader>& tracks_loaders();

// Loads `data.dataset` with its loader; `seed` assigns the folds and draws the eval rows.
TracksDataset load_tracks_dataset(const config::DataConfig& data, uint64_t seed);

}  // namespace emorec::data
