// kg/mkgcn from config and data.
#include "models/kg/mkgcn_build.h"

#include <set>

#include "core/error.h"
#include "core/rng.h"
#include "data/modality_pca.h"
#include "models/baselines/train_positives.h"

namespace emorec::models {

KgcnOptions kgcn_options(const KgcnConfig& c, const data::KgDataset& ds) {
  KgcnOptions o;
  o.n_user = ds.interactions.n_user;
  o.n_entity = ds.kg.n_entity;
  o.n_relation = ds.kg.n_relation;
  o.dim = c.dim;
  o.n_iter = c.n_iter;
  o.aggregator = c.aggregator;
  o.fused_ops = c.neighbor_op == NeighborOp::kFused;
  o.init = c.init;
  o.hidden_activation = c.hidden_activation;
  o.neighbor.score = c.neighbor_score;
  o.neighbor.reduce = c.neighbor_reduce;
  return o;
}

Histories sample_histories(const data::KgDataset& dataset, int64_t history_size, int64_t padding, uint64_t seed) {
  const auto positives = train_positives_by_user(dataset);
  const int64_t users = dataset.interactions.n_user;
  Histories out;
  out.items = torch::full({users, history_size}, padding, torch::kLong);
  out.alternates = torch::full({users, history_size}, padding, torch::kLong);
  auto* h = out.items.data_ptr<int64_t>();
  auto* a = out.alternates.data_ptr<int64_t>();
  Rng rng(seed);
  for (int64_t u = 0; u < users; ++u) {
    const auto& items = positives[static_cast<size_t>(u)];  // distinct items
    // Fewer than two: no other positive can stand in for the scored one, so every row of the user (its
    // positive, its negatives, its test rows) reads the same all-padding history.
    if (items.size() < 2) continue;
    for (int64_t j = 0; j < history_size; ++j) {
      const int64_t slot = u * history_size + j;
      h[slot] = items[static_cast<size_t>(uniform_below(rng, items.size()))];
      do {
        a[slot] = items[static_cast<size_t>(uniform_below(rng, items.size()))];
      } while (a[slot] == h[slot]);
    }
  }
  return out;
}

namespace {

// A modality table's values [n_item, width], checked against the data set's item count.
torch::Tensor values_of(const data::ModalityTable& t, int64_t n_item) {
  if (static_cast<int64_t>(t.values.size()) != n_item * t.width || static_cast<int64_t>(t.present.size()) != n_item) {
    throw DataError("modality " + t.name + ": " + std::to_string(t.present.size()) + " items of width " +
                    std::to_string(t.width) + ", but the data set has " + std::to_string(n_item) + " items");
  }
  return torch::from_blob(const_cast<float*>(t.values.data()), {n_item, t.width}).clone();
}

std::vector<torch::Tensor> presence(const data::KgDataset& dataset) {
  std::vector<torch::Tensor> out;
  for (const auto& t : dataset.modalities) {
    std::vector<int64_t> p(t.present.begin(), t.present.end());
    out.push_back(torch::tensor(p, torch::kLong));
  }
  return out;
}

// PCA features of each modality, fitted on the training items that have it.
std::vector<torch::Tensor> pca_features(const data::KgDataset& dataset, int64_t dim) {
  std::set<int64_t> train_items;
  const auto& x = dataset.interactions;
  for (int64_t r : dataset.split.train) {
    if (x.label[static_cast<size_t>(r)] > 0.5f) train_items.insert(x.item[static_cast<size_t>(r)]);
  }
  std::vector<torch::Tensor> out;
  for (const auto& t : dataset.modalities) {
    std::vector<int64_t> fit;
    for (int64_t i : train_items) {
      if (t.present[static_cast<size_t>(i)]) fit.push_back(i);
    }
    if (fit.empty()) throw DataError("modality " + t.name + ": no training item has it, so PCA has nothing to fit");
    const auto features = values_of(t, x.n_item);
    out.push_back(data::pca_project(features, torch::tensor(fit, torch::kLong), dim));
  }
  return out;
}

std::vector<torch::Tensor> raw_features(const data::KgDataset& dataset) {
  std::vector<torch::Tensor> out;
  for (const auto& t : dataset.modalities) {
    out.push_back(values_of(t, dataset.interactions.n_item));
  }
  return out;
}

}  // namespace

std::shared_ptr<Mkgcn> build_mkgcn(const MkgcnConfig& c, const data::KgDataset& ds, uint64_t seed) {
  MkgcnOptions o;
  o.graph = kgcn_options(c.graph, ds);
  o.n_item = ds.interactions.n_item;
  o.user_aggregator = c.user_aggregator;
  o.heads = c.heads;
  o.learned_projection = c.learned_projection;
  std::vector<torch::Tensor> modal, present;
  if (c.modal_fusion) {
    const std::string name = ops::fuse_mode_name(*c.modal_fusion);
    if (ds.modalities.empty()) {
      throw ConfigError("model.modal_fusion: " + name + " needs a data set with modalities, and " + ds.name +
                        " has none here (name modality files or lastfm-tags in data.modalities, set model.modal_fusion: none, or "
                        "use data.dataset: synthetic)");
    }
    o.fusion = c.modal_fusion;
    modal = o.learned_projection ? raw_features(ds) : pca_features(ds, c.graph.dim);
    present = presence(ds);
  }
  const auto histories = sample_histories(ds, c.history_size, ds.kg.n_entity, derive_seed(seed, "histories"));
  return std::make_shared<Mkgcn>(o, ds.neighbors, histories.items, histories.alternates, modal, present);
}

}  // namespace emorec::models
