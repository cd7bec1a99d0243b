// The keys of the tracks/ mood classifiers that have any (no LibTorch: the formats library reads them).
#pragma once
#include <cstdint>
#include <vector>

#include "config/visitor.h"

namespace emorec::models {

// tracks/mlp: the hidden layers' widths and dropout.
struct TrackMlpConfig {
  std::vector<int64_t> hidden = {8};
  double dropout = 0.0;
  void visit(config::ConfigVisitor& v);
};

// tracks/kmeans: clusters, iterations, restarts.
struct TrackKMeansConfig {
  int64_t clusters = 4;
  int64_t iterations = 300;
  int64_t restarts = 10;
  void visit(config::ConfigVisitor& v);
};

}  // namespace emorec::models
