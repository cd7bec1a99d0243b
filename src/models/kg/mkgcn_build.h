// Building kg/kgcn and kg/mkgcn from their keys and the data set: KGCN's graph options, and for MKGCN sampled
// training histories and the modality features (PCA on the training items, or raw for learned projections).
#pragma once
#include <memory>

#include "data/kg_dataset.h"
#include "models/kg/kgcn_config.h"
#include "models/kg/mkgcn.h"

namespace emorec::models {

// The graph options of kg/kgcn and kg/mkgcn from the model keys and the data set's sizes.
KgcnOptions kgcn_options(const KgcnConfig& config, const data::KgDataset& dataset);

// Each user's history: [n_user, history_size] items drawn with replacement from the user's training positives,
// seeded. Beside each slot an alternate, drawn from the same positives but never equal to the slot's item,
// which the model reads instead when the slot holds the scored item: a training positive's history is then
// uniform over the user's other positives, as a test item's is over all of them. Users with fewer than two
// training positives get `padding` in every slot and alternate, so that all their rows read one history.
struct Histories {
  torch::Tensor items, alternates;
};
Histories sample_histories(const data::KgDataset& dataset, int64_t history_size, int64_t padding, uint64_t seed);

std::shared_ptr<Mkgcn> build_mkgcn(const MkgcnConfig& config, const data::KgDataset& dataset, uint64_t seed);

}  // namespace emorec::models
