// The mood classifiers' builds by name.
#include "models/tracks/tracks_registry.h"

#include "models/model_choices.h"
#include "models/tracks/track_baselines.h"
#include "models/tracks/track_mlp.h"

namespace emorec::models {

const Registry<TrackModelEntry>& track_model_registry() {
  static const Registry<TrackModelEntry> r = [] {
    Registry<TrackModelEntry> reg("tracks model");
    reg.add(
        "tracks/logistic", {[](const config::ComponentOptions&, int64_t f, int64_t c, uint64_t) {
          return std::shared_ptr<TrackModel>(std::make_shared<TrackMlp>(f, std::vector<int64_t>{}, c, 0.0));
        }});
    reg.add("tracks/mlp", {[](const config::ComponentOptions& o, int64_t f, int64_t c, uint64_t) {
              const auto& m = o.as<TrackMlpConfig>();
              return std::shared_ptr<TrackModel>(std::make_shared<TrackMlp>(f, m.hidden, c, m.dropout));
            }});
    reg.add("tracks/majority", {[](const config::ComponentOptions&, int64_t, int64_t c, uint64_t) {
              return std::shared_ptr<TrackModel>(std::make_shared<MajorityClass>(c));
            }});
    reg.add("tracks/kmeans", {[](const config::ComponentOptions& o, int64_t f, int64_t c, uint64_t seed) {
              const auto& k = o.as<TrackKMeansConfig>();
              return std::shared_ptr<TrackModel>(std::make_shared<KMeansClassifier>(
                  f, c, KMeansOptions{k.clusters, k.iterations, k.restarts}, seed));
            }});
    config::expect_same_names(model_choices(), "tracks", reg.names());
    return reg;
  }();
  return r;
}

}  // namespace emorec::models
