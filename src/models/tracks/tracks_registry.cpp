#include "models/tracks/tracks_registry.h"

#include "models/tracks/track_baselines.h"
#include "models/tracks/track_mlp.h"

namespace emorec::models {

using config::IntRule;
using config::NumberRule;

void TrackMlpConfig::visit(config::ConfigVisitor& v) {
  v.field("hidden", hidden, IntRule::range(1, 1 << 16),
          "widths of the hidden layers (ReLU); [8] is the seed system's 10-8-4 network, [] logistic regression");
  v.field("dropout", dropout, NumberRule::range(0, 0.99), "dropout after each hidden layer");
}

void TrackKMeansConfig::visit(config::ConfigVisitor& v) {
  v.field("clusters", clusters, IntRule::range(1, 4096), "k: clusters, each named by its training rows' majority label");
  v.field("iterations", iterations, IntRule::range(1, 100000), "Lloyd iterations at most, per restart");
  v.field("restarts", restarts, IntRule::range(1, 1000), "k-means++ seedings; the one of lowest inertia is kept");
}

const Registry<TrackModelEntry>& track_model_registry() {
  static const Registry<TrackModelEntry> r = [] {
    Registry<TrackModelEntry> reg("tracks model");
    reg.add("tracks/logistic", {"multinomial logistic regression (softmax over one linear layer)",
                                [] { return config::make_options<config::NoOptions>(); },
                                [](const config::ComponentOptions&, int64_t f, int64_t c, uint64_t) {
                                  return std::shared_ptr<TrackModel>(std::make_shared<TrackMlp>(f, std::vector<int64_t>{}, c, 0.0));
                                }});
    reg.add("tracks/mlp", {"multilayer perceptron (ReLU hidden layers; the seed system's is 10-8-4)",
                           [] { return config::make_options<TrackMlpConfig>(); },
                           [](const config::ComponentOptions& o, int64_t f, int64_t c, uint64_t) {
                             const auto& m = o.as<TrackMlpConfig>();
                             return std::shared_ptr<TrackModel>(std::make_shared<TrackMlp>(f, m.hidden, c, m.dropout));
                           }});
    reg.add("tracks/majority", {"the training rows' most frequent class for every track (a floor for the others)",
                                [] { return config::make_options<config::NoOptions>(); },
                                [](const config::ComponentOptions&, int64_t, int64_t c, uint64_t) {
                                  return std::shared_ptr<TrackModel>(std::make_shared<MajorityClass>(c));
                                }});
    reg.add("tracks/kmeans", {"k-means on the features without labels, clusters named by their training rows' "
                              "majority label (the clustering seed system's method)",
                              [] { return config::make_options<TrackKMeansConfig>(); },
                              [](const config::ComponentOptions& o, int64_t f, int64_t c, uint64_t seed) {
                                const auto& k = o.as<TrackKMeansConfig>();
                                return std::shared_ptr<TrackModel>(std::make_shared<KMeansClassifier>(
                                    f, c, KMeansOptions{k.clusters, k.iterations, k.restarts}, seed));
                              }});
    return reg;
  }();
  return r;
}

}  // namespace emorec::models
