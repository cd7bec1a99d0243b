// Positives and sampled negatives from rating rows.
#include "data/implicit_feedback.h"

#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "core/rng.h"

namespace emorec::data {

Interactions label_interactions(const std::vector<RatedItem>& rows, int64_t n_item, double threshold, uint64_t seed,
                                NegativeSampling negatives, const std::string& source) {
  std::unordered_map<int64_t, int64_t> user_index;
  std::vector<std::vector<int64_t>> positives;
  std::vector<std::unordered_set<int64_t>> seen;
  std::unordered_map<int64_t, std::unordered_set<int64_t>> below_threshold;
  for (const auto& r : rows) {
    if (r.rating < threshold) {
      below_threshold[r.user_id].insert(r.item);
      continue;
    }
    auto [u, fresh] = user_index.emplace(r.user_id, static_cast<int64_t>(positives.size()));
    if (fresh) positives.emplace_back(), seen.emplace_back();
    if (seen[static_cast<size_t>(u->second)].insert(r.item).second) positives[static_cast<size_t>(u->second)].push_back(r.item);
  }
  std::vector<int64_t> original_id(positives.size());
  for (const auto& [orig, idx] : user_index) original_id[static_cast<size_t>(idx)] = orig;

  // Popularity for the weighted protocols: how many users have the item as a positive.
  std::vector<int64_t> popularity(static_cast<size_t>(n_item), 0);
  for (const auto& items_of_user : positives) {
    for (int64_t i : items_of_user) ++popularity[static_cast<size_t>(i)];
  }
  Interactions x;
  x.n_user = static_cast<int64_t>(positives.size());
  x.n_item = n_item;
  Rng rng(seed);
  std::vector<int64_t> unseen;
  for (int64_t u = 0; u < x.n_user; ++u) {
    const auto& pos = positives[static_cast<size_t>(u)];
    for (int64_t i : pos) x.user.push_back(u), x.item.push_back(i), x.label.push_back(1.0f);
    const auto& excluded_pos = seen[static_cast<size_t>(u)];
    const auto below = below_threshold.find(original_id[static_cast<size_t>(u)]);
    unseen.clear();
    for (int64_t i = 0; i < n_item; ++i) {
      if (excluded_pos.count(i) || (below != below_threshold.end() && below->second.count(i))) continue;
      if (!can_draw(negatives, popularity[static_cast<size_t>(i)])) continue;
      unseen.push_back(i);
    }
    if (unseen.size() < pos.size()) {
      throw DataError(source + ": user " + std::to_string(original_id[static_cast<size_t>(u)]) + " has " +
                      std::to_string(pos.size()) + " positives but only " + std::to_string(unseen.size()) +
                      " unseen items to draw as many negatives from" +
                      (negatives == NegativeSampling::kProportional ? " (proportional: items some user likes)" : ""));
    }
    for (int64_t j : draw_negatives(unseen, pos.size(), negatives, popularity, rng)) {
      x.user.push_back(u), x.item.push_back(j), x.label.push_back(0.0f);
    }
  }
  if (x.n_user == 0) throw DataError(source + ": no interaction with a known item at or above the threshold");
  x.user_ids = std::move(original_id);
  return x;
}

}  // namespace emorec::data
