// The keys of tracks/mlp and tracks/kmeans.
#include "models/tracks/track_model_configs.h"

namespace emorec::models {

using config::IntRule;
using config::NumberRule;

void TrackMlpConfig::visit(config::ConfigVisitor& v) {
  v.field(
      "hidden", hidden, IntRule::range(1, 1 << 16),
      "widths of the hidden layers (ReLU); [8] is the seed system's 10-8-4 network, [] logistic regression");
  v.field("dropout", dropout, NumberRule::range(0, 0.99), "dropout after each hidden layer");
}

void TrackKMeansConfig::visit(config::ConfigVisitor& v) {
  v.field("clusters", clusters, IntRule::range(1, 4096),
          "k: clusters, each named by its training rows' majority label");
  v.field("iterations", iterations, IntRule::range(1, 100000), "Lloyd iterations at most, per restart");
  v.field("restarts", restarts, IntRule::range(1, 1000),
          "k-means++ seedings; the one of lowest inertia is kept");
}

}  // namespace emorec::models
