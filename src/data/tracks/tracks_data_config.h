// The keys of a labelled-tracks data set (spotify-moods), beside data.dataset; no LibTorch.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/visitor.h"
#include "data/tracks/mood_tracks.h"

namespace emorec::data {

struct TracksDataConfig {
  std::string path;  // file in the data set's folder; empty: its default
  std::vector<std::string> features = default_mood_features();
  int64_t folds = 10;          // stratified k-fold; repeats come from the seed
  int64_t fold = 0;            // the held-out (test) fold
  double eval_fraction = 0.1;  // of the training folds, stratified: selects epochs
  bool standardize = true;     // z-scores fitted on the training rows
  void visit(config::ConfigVisitor& v);
};

}  // namespace emorec::data
