// How negatives are drawn for the CTR protocol: uniformly over a user's unseen items (KGCN), or with
// probability proportional to item popularity, or to its inverse. The protocol changes what AUC measures:
// uniform negatives are mostly unpopular items, so popularity alone ranks them well.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"

namespace emorec::data {

enum class NegativeSampling { kUniform, kPopularity, kInversePopularity };

NegativeSampling parse_negative_sampling(const std::string& name);
std::vector<std::string> negative_sampling_names();

// Draws `k` distinct items from `candidates`. Uniform: a partial Fisher-Yates shuffle (reorders
// `candidates`). Otherwise item i has weight popularity[i] + 1 (or its inverse) and the draw is weighted
// sampling without replacement (Efraimidis-Spirakis keys). The first draw is proportional to the weights.
std::vector<int64_t> draw_negatives(std::vector<int64_t>& candidates, size_t k, NegativeSampling mode,
                                    const std::vector<int64_t>& popularity, Rng& rng);

}  // namespace emorec::data
