// Mood classifiers over tracks by name (`model.name` tracks/...), each with its own keys.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/component.h"
#include "core/registry.h"
#include "models/tracks/track_model.h"

namespace emorec::models {

struct TrackModelEntry {
  std::string description;
  std::function<config::ComponentOptions()> options;  // the model's own keys with their defaults
  // Builds the model from its options for `features` inputs and `classes` outputs; `seed` seeds what it draws.
  std::function<std::shared_ptr<TrackModel>(const config::ComponentOptions&, int64_t features, int64_t classes,
                                            uint64_t seed)>
      build;
};

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

const Registry<TrackModelEntry>& track_model_registry();

}  // namespace emorec::models
