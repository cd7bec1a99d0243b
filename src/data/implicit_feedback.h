// From rated (user, item) rows to the labelled CTR table of KGCN-style training: positives by a threshold on
// the rating, then as many negatives per user as positives, drawn from the items the user never rated, by a
// negative-sampling protocol. Shared by every KG data-set loader.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "data/kg_types.h"
#include "data/negative_sampling.h"

namespace emorec::data {

// One rating row, its item already mapped to an item index in [0, n_item).
struct RatedItem {
  int64_t user_id = 0;  // the file's user id
  int64_t item = 0;
  double rating = 0;
};

// Negatives are drawn from each user's unseen items: never a positive of the user, never an item the user
// rated below the threshold, and (proportional) only items some user likes.
// Users are numbered in order of their first positive; each user's positives keep their first-seen order and
// repeats are dropped. Rows rated below `threshold` are neither positives nor eligible as negatives. Throws
// DataError naming `source` when a user has fewer unseen items than positives, or when no row reaches the
// threshold.
Interactions label_interactions(const std::vector<RatedItem>& rows, int64_t n_item, double threshold, uint64_t seed,
                                NegativeSampling negatives, const std::string& source);

}  // namespace emorec::data
