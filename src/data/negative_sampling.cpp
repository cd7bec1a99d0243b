// Uniform and popularity-weighted negative draws without replacement.
#include "data/negative_sampling.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "config/vocabulary.h"
#include "core/error.h"

namespace emorec::data {

namespace {

const config::Vocabulary<NegativeSampling>& protocols() {
  static const config::Vocabulary<NegativeSampling> v(
      "negative sampling", {{"uniform", NegativeSampling::kUniform},
                            {"popularity", NegativeSampling::kPopularity},
                            {"inverse_popularity", NegativeSampling::kInversePopularity},
                            {"proportional", NegativeSampling::kProportional}});
  return v;
}

}  // namespace

NegativeSampling parse_negative_sampling(const std::string& name) { return protocols().parse(name); }

std::vector<std::string> negative_sampling_names() { return protocols().names(); }

config::ChoiceSet negative_sampling_choices() { return protocols().choice_set(); }

bool can_draw(NegativeSampling mode, int64_t popularity) {
  return mode != NegativeSampling::kProportional || popularity > 0;
}

namespace {

double weight(NegativeSampling mode, int64_t popularity) {
  const auto count = static_cast<double>(popularity);
  switch (mode) {
    case NegativeSampling::kPopularity: return count + 1.0;
    case NegativeSampling::kInversePopularity: return 1.0 / (count + 1.0);
    case NegativeSampling::kProportional: return 1.0 / count;
    case NegativeSampling::kUniform: break;
  }
  return 1.0;
}

}  // namespace

std::vector<int64_t> draw_negatives(std::vector<int64_t>& candidates, size_t k, NegativeSampling mode,
                                    const std::vector<int64_t>& popularity, Rng& rng) {
  k = std::min(k, candidates.size());
  std::vector<int64_t> out;
  out.reserve(k);
  if (mode == NegativeSampling::kUniform) {
    for (size_t j = 0; j < k; ++j) {
      const size_t r = j + static_cast<size_t>(uniform_below(rng, candidates.size() - j));
      std::swap(candidates[j], candidates[r]);
      out.push_back(candidates[j]);
    }
    return out;
  }
  // Efraimidis-Spirakis: key = log(U) / w; the k largest keys are a weighted sample without replacement.
  std::vector<std::pair<double, int64_t>> keys;
  keys.reserve(candidates.size());
  for (int64_t item : candidates) {
    const int64_t count = popularity[static_cast<size_t>(item)];
    if (!can_draw(mode, count)) {
      throw std::invalid_argument("draw_negatives: item " + std::to_string(item) + " cannot be drawn");
    }
    const double w = weight(mode, count);
    const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;  // uniform in (0, 1)
    keys.emplace_back(std::log(u) / w, item);
  }
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(k), keys.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t j = 0; j < k; ++j) out.push_back(keys[j].second);
  return out;
}

}  // namespace emorec::data
