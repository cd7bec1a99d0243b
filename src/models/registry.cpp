// The model registry.
#include "models/registry.h"

#include "core/rng.h"
#include "models/baselines/bpr_mf.h"
#include "models/baselines/item_knn.h"
#include "models/baselines/popularity.h"
#include "models/baselines/positive_rate.h"
#include "models/baselines/train_positives.h"
#include "models/fer/fer_registry.h"
#include "models/kg/kgcn.h"
#include "models/kg/mkgcn_build.h"
#include "models/tracks/tracks_registry.h"

namespace emorec::models {

const Registry<ModelEntry>& model_registry() {
  static const Registry<ModelEntry> r = [] {
    Registry<ModelEntry> reg("model");
    reg.add("kg/kgcn", {[](const config::ComponentOptions& c, const data::KgDataset& ds,
                           uint64_t) -> std::shared_ptr<KgModel> {
              return std::make_shared<Kgcn>(kgcn_options(c.as<KgcnConfig>(), ds), ds.neighbors);
            }});
    reg.add("kg/mkgcn", {[](const config::ComponentOptions& c, const data::KgDataset& ds,
                            uint64_t seed) -> std::shared_ptr<KgModel> {
              return build_mkgcn(c.as<MkgcnConfig>(), ds, seed);
            }});
    reg.add("baseline/popularity", {[](const config::ComponentOptions&, const data::KgDataset& ds,
                                       uint64_t) -> std::shared_ptr<KgModel> {
              return std::make_shared<ItemPopularity>(ds.interactions.n_item);
            }});
    reg.add("baseline/positive_rate", {[](const config::ComponentOptions&, const data::KgDataset& ds,
                                          uint64_t) -> std::shared_ptr<KgModel> {
              return std::make_shared<ItemPositiveRate>(ds.interactions.n_item);
            }});
    reg.add("baseline/item_knn", {[](const config::ComponentOptions& c, const data::KgDataset& ds,
                                     uint64_t) -> std::shared_ptr<KgModel> {
              return std::make_shared<ItemKnn>(ds.interactions.n_user, ds.interactions.n_item,
                                               c.as<ItemKnnConfig>().knn_k);
            }});
    reg.add("baseline/bpr_mf", {[](const config::ComponentOptions& c, const data::KgDataset& ds,
                                   uint64_t seed) -> std::shared_ptr<KgModel> {
              return std::make_shared<BprMf>(ds.interactions.n_user, ds.interactions.n_item,
                                             c.as<BprMfConfig>().dim, train_positives_by_user(ds),
                                             derive_seed(seed, "bpr"));
            }});
    config::expect_same_names(model_choices(), "kg", reg.names());
    return reg;
  }();
  return r;
}

std::vector<std::string> model_names() {
  return model_choices().names();
}

}  // namespace emorec::models
