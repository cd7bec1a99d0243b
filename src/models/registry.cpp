// The model registry.
#include "models/registry.h"

#include <algorithm>

#include "core/rng.h"
#include "models/baselines/bpr_mf.h"
#include "models/baselines/item_knn.h"
#include "models/baselines/popularity.h"
#include "models/baselines/positive_rate.h"
#include "models/baselines/train_positives.h"
#include "models/fer/fer_registry.h"
#include "models/tracks/tracks_registry.h"
#include "models/kg/kgcn.h"
#include "models/kg/kgcn_config.h"
#include "models/kg/mkgcn_build.h"

namespace emorec::models {

const Registry<ModelEntry>& model_registry() {
  static const Registry<ModelEntry> r = [] {
    Registry<ModelEntry> reg("model");
    const auto none = [] { return config::make_options<config::NoOptions>(); };
    reg.add("kg/kgcn", {"KGCN (Wang et al., WWW 2019): relation-attentive aggregation over sampled KG neighbours",
                        [] { return config::make_options<KgcnConfig>(); },
                        [](const config::ComponentOptions& c, const data::KgDataset& ds,
                           uint64_t) -> std::shared_ptr<KgModel> {
                          return std::make_shared<Kgcn>(kgcn_options(c.as<KgcnConfig>(), ds), ds.neighbors);
                        }});
    reg.add("kg/mkgcn",
            {"MKGCN (Cui et al., Electronics 2023): KGCN with history-based users and multimodal fusion",
             [] { return config::make_options<MkgcnConfig>(); },
             [](const config::ComponentOptions& c, const data::KgDataset& ds,
                uint64_t seed) -> std::shared_ptr<KgModel> { return build_mkgcn(c.as<MkgcnConfig>(), ds, seed); }});
    reg.add("baseline/popularity",
            {"item popularity (MostPop): each item's number of positives in the training split, no user "
             "information",
             none,
             [](const config::ComponentOptions&, const data::KgDataset& ds, uint64_t) -> std::shared_ptr<KgModel> {
               return std::make_shared<ItemPopularity>(ds.interactions.n_item);
             }});
    reg.add("baseline/positive_rate",
            {"item positive rate: each item's smoothed share of positive training rows, no user information",
             none,
             [](const config::ComponentOptions&, const data::KgDataset& ds, uint64_t) -> std::shared_ptr<KgModel> {
               return std::make_shared<ItemPositiveRate>(ds.interactions.n_item);
             }});
    reg.add("baseline/item_knn",
            {"item-based kNN: cosine over the training interaction matrix, model.knn_k neighbours per item",
             [] { return config::make_options<ItemKnnConfig>(); },
             [](const config::ComponentOptions& c, const data::KgDataset& ds,
                uint64_t) -> std::shared_ptr<KgModel> {
               return std::make_shared<ItemKnn>(ds.interactions.n_user, ds.interactions.n_item,
                                                c.as<ItemKnnConfig>().knn_k);
             }});
    reg.add("baseline/bpr_mf",
            {"BPR matrix factorisation (Rendle et al. 2009), model.dim factors, uniform negatives",
             [] { return config::make_options<BprMfConfig>(); },
             [](const config::ComponentOptions& c, const data::KgDataset& ds,
                uint64_t seed) -> std::shared_ptr<KgModel> {
               return std::make_shared<BprMf>(ds.interactions.n_user, ds.interactions.n_item,
                                              c.as<BprMfConfig>().dim, train_positives_by_user(ds),
                                              derive_seed(seed, "bpr"));
             }});
    return reg;
  }();
  return r;
}

std::vector<std::string> model_names() {
  auto names = model_registry().names();
  for (const auto& n : fer_model_registry().names()) names.push_back(n);
  for (const auto& n : track_model_registry().names()) names.push_back(n);
  std::sort(names.begin(), names.end());
  return names;
}

config::ChoiceSet model_choices() {
  config::ChoiceSet set;
  set.kind = "model";
  for (const auto& [name, e] : model_registry().entries()) set.entries[name] = {e.description, e.options, "kg", {}};
  for (const auto& [name, e] : fer_model_registry().entries()) {
    set.entries[name] = {e.description, e.options, "images", {}};
  }
  for (const auto& [name, e] : track_model_registry().entries()) {
    set.entries[name] = {e.description, e.options, "tracks", {}};
  }
  return set;
}

}  // namespace emorec::models
