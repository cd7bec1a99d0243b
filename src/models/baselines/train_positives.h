// The training split's positive (user, item) pairs, the common input of the recommendation baselines.
#pragma once
#include <cstdint>
#include <vector>

#include "data/kg_dataset.h"

namespace emorec::models {

// For every user, its positive items in the training split (sorted, unique).
std::vector<std::vector<int64_t>> train_positives_by_user(const data::KgDataset& dataset);

}  // namespace emorec::models
