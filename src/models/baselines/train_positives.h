// The positive (user, item) pairs of a split, per user: the training split's are the common input of the
// recommendation baselines and MKGCN's histories; top-K evaluation reads the test split's too.
#pragma once
#include <cstdint>
#include <vector>

#include "data/kg_dataset.h"

namespace emorec::models {

// For every user, its positive items among the interaction `rows` (sorted, unique).
std::vector<std::vector<int64_t>> positives_by_user(const data::KgDataset& dataset, const std::vector<int64_t>& rows);

// For every user, its positive items in the training split (sorted, unique).
std::vector<std::vector<int64_t>> train_positives_by_user(const data::KgDataset& dataset);

}  // namespace emorec::models
