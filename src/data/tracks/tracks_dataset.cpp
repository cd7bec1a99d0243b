// Loading labelled tracks by name, their cross-validation split and standardisation.
#include "data/tracks/tracks_dataset.h"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/loader_options.h"

namespace fs = std::filesystem;

namespace emorec::data {

std::string TracksDataset::summary() const {
  return source + ": " + std::to_string(table.rows()) + " tracks, " + std::to_string(table.width()) +
         " features; train " + std::to_string(split.train.size()) + ", eval " + std::to_string(split.eval.size()) +
         ", test (held-out fold) " + std::to_string(split.test.size());
}

void fit_standardization(const TrackTable& table, const std::vector<int64_t>& rows, std::vector<double>& mean,
                         std::vector<double>& sd) {
  const int64_t w = table.width();
  mean.assign(static_cast<size_t>(w), 0.0);
  sd.assign(static_cast<size_t>(w), 0.0);
  if (rows.empty()) throw std::invalid_argument("standardisation needs at least one row");
  for (int64_t c = 0; c < w; ++c) {
    double m = 0;
    for (int64_t r : rows) m += table.at(r, c);
    m /= static_cast<double>(rows.size());
    double ss = 0;
    for (int64_t r : rows) ss += (table.at(r, c) - m) * (table.at(r, c) - m);
    const double s = std::sqrt(ss / static_cast<double>(rows.size()));
    mean[static_cast<size_t>(c)] = m;
    sd[static_cast<size_t>(c)] = s > 0 ? s : 1.0;
  }
}

namespace {

TracksDataset load_spotify_moods(const config::DataConfig& data, uint64_t seed) {
  const auto& keys = data.options.as<TracksDataConfig>();
  TracksDataset ds;
  std::string how;
  const std::string root = resolve_data_root(data.root, &how);
  ds.source = dataset_file(root, how, data.dataset, keys.path);
  ds.table = read_mood_tracks(ds.source, keys.features);
  try {
    ds.split = cv_split(ds.table.labels, keys.folds, keys.fold, keys.eval_fraction, seed);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("data.folds: ") + e.what() + " (" + ds.source + " has " +
                      std::to_string(ds.table.rows()) + " rows)");
  }
  const int64_t n = ds.table.rows(), w = ds.table.width();
  if (keys.standardize) {
    fit_standardization(ds.table, ds.split.train, ds.mean, ds.sd);
  } else {
    ds.mean.assign(static_cast<size_t>(w), 0.0);
    ds.sd.assign(static_cast<size_t>(w), 1.0);
  }
  ds.x = torch::empty({n, w}, torch::kFloat);
  auto xa = ds.x.accessor<float, 2>();
  for (int64_t r = 0; r < n; ++r) {
    for (int64_t c = 0; c < w; ++c) {
      xa[r][c] = static_cast<float>((ds.table.at(r, c) - ds.mean[static_cast<size_t>(c)]) / ds.sd[static_cast<size_t>(c)]);
    }
  }
  ds.y = torch::tensor(ds.table.labels, torch::kLong);
  return ds;
}

}  // namespace

const Registry<TracksLoader>& tracks_loaders() {
  static const Registry<TracksLoader> r = [] {
    Registry<TracksLoader> reg("tracks loader");
    reg.add("spotify-moods", {load_spotify_moods});
    expect_loader_options({{"spotify-moods", &typeid(TracksDataConfig)}});
    return reg;
  }();
  return r;
}

TracksDataset load_tracks_dataset(const config::DataConfig& data, uint64_t seed) {
  return tracks_loaders().at(dataset_registry().at(data.dataset).loader).load(data, seed);
}

}  // namespace emorec::data
