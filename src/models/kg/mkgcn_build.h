// Building kg/mkgcn from the config and the data set: sampled training histories and the modality features
// (PCA on the training items, or raw for learned projections).
#pragma once
#include <memory>

#include "config/experiment.h"
#include "data/kg_dataset.h"
#include "models/kg/mkgcn.h"

namespace emorec::models {

// [n_user, history_size] items drawn with replacement from each user's training positives, seeded; users
// without training positives get `padding` everywhere.
torch::Tensor sample_histories(const data::KgDataset& dataset, int64_t history_size, int64_t padding, uint64_t seed);

std::shared_ptr<Mkgcn> build_mkgcn(const config::ModelConfig& config, const data::KgDataset& dataset, uint64_t seed);

}  // namespace emorec::models
