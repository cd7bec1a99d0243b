// The keys of a labelled-tracks data set.
#include "data/tracks/tracks_data_config.h"

#include <set>

namespace emorec::data {

using config::IntRule;
using config::NumberRule;
using config::StringRule;

void TracksDataConfig::visit(config::ConfigVisitor& v) {
  v.field("path", path, StringRule::any(),
          "file to read, relative to the data set's folder or absolute; empty: the data set's default file");
  v.field("features", features, StringRule::any(),
          "the audio-feature columns the models see (default: the seed systems' ten, length .. tempo)");
  if (features.empty()) v.reject("features", "name at least one feature column");
  if (std::set<std::string>(features.begin(), features.end()).size() != features.size()) {
    v.reject("features", "a column is named twice");
  }
  v.field("folds", folds, IntRule::range(2, 1000),
          "stratified k-fold cross-validation: k (repeats: the seed)");
  v.field("fold", fold, IntRule::range(0, 999), "the held-out fold, 0 .. folds-1: the test rows of this run");
  if (fold >= folds) v.reject("fold", "must be below data.folds (" + std::to_string(folds) + ")");
  v.field("eval_fraction", eval_fraction, NumberRule::range(0.01, 0.5),
          "share of each class's training-fold rows held out as eval rows, which select the epoch");
  v.field("standardize", standardize,
          "z-score every feature with the mean and sd of the training rows (never the eval or test rows)");
}

}  // namespace emorec::data
