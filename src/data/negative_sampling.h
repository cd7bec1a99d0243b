// How negatives are drawn for the CTR protocol: uniformly over a user's unseen items (KGCN), or with
// probability proportional to item popularity + 1, or to its inverse, or by MKGCN's "proportional" strategy:
// only items that at least one user likes, each with weight 1 / popularity (the authors' data_loader.py,
// alpha = 1). The protocol changes what AUC measures: uniform negatives are mostly unpopular items, so
// popularity alone ranks them well. Popularity: how many users have the item as a positive.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/component.h"
#include "core/rng.h"

namespace emorec::data {

enum class NegativeSampling { kUniform, kPopularity, kInversePopularity, kProportional };

NegativeSampling parse_negative_sampling(const std::string& name);
std::vector<std::string> negative_sampling_names();
// The protocols' names for the config reader (data.negatives).
config::ChoiceSet negative_sampling_choices();

// False for items the protocol never draws (proportional: items nobody likes).
bool can_draw(NegativeSampling mode, int64_t popularity);

// Draws `k` distinct items from `candidates`, all of which must be drawable (can_draw). Uniform: a partial
// Fisher-Yates shuffle (reorders `candidates`). Otherwise item i has weight popularity[i] + 1, its inverse,
// or 1 / popularity[i] (proportional), and the draw is weighted sampling without replacement
// (Efraimidis-Spirakis keys), as numpy's choice(replace=False, p=...) draws: the first draw is proportional
// to the weights, each next one to the weights of the items left.
std::vector<int64_t> draw_negatives(std::vector<int64_t>& candidates, size_t k, NegativeSampling mode,
                                    const std::vector<int64_t>& popularity, Rng& rng);

}  // namespace emorec::data
