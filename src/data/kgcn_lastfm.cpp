// KGCN Last.FM loading and preprocessing.
#include "data/kgcn_lastfm.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "core/rng.h"
#include "data/negative_sampling.h"
#include "data/text_table.h"

namespace emorec::data {
namespace {

constexpr const char* kWhatToDo = "the file should be as released with KGCN; see ../shared/data/kgcn-lastfm/SOURCE.md";

struct ItemIndex {
  std::unordered_map<int64_t, int64_t> artist_to_item;       // artistID -> item
  std::unordered_map<std::string, int64_t> entity_to_index;  // KG entity id (as text) -> entity index
};

ItemIndex read_items(const std::string& path) {
  ItemIndex idx;
  for_each_tsv_row(path, {2, "", kWhatToDo}, [&](int64_t line, const std::vector<std::string>& f) {
    const int64_t artist = parse_index(f[0], path, line, "artistID");
    parse_index(f[1], path, line, "entity id");
    const auto item = static_cast<int64_t>(idx.artist_to_item.size());
    if (!idx.artist_to_item.emplace(artist, item).second) {
      throw DataError(path + ":" + std::to_string(line) + ": artistID " + f[0] + " appears twice");
    }
    if (!idx.entity_to_index.emplace(f[1], item).second) {
      throw DataError(path + ":" + std::to_string(line) + ": entity id " + f[1] + " appears twice");
    }
  });
  return idx;
}

KnowledgeGraph read_kg(const std::string& path, std::unordered_map<std::string, int64_t> entity_index) {
  KnowledgeGraph kg;
  std::unordered_map<std::string, int64_t> relation_index;
  auto entity = [&](const std::string& id, int64_t line) {
    parse_index(id, path, line, "entity id");
    auto [it, fresh] = entity_index.emplace(id, static_cast<int64_t>(entity_index.size()));
    (void)fresh;
    return it->second;
  };
  for_each_tsv_row(path, {3, "", kWhatToDo}, [&](int64_t line, const std::vector<std::string>& f) {
    if (f[1].empty()) throw DataError(path + ":" + std::to_string(line) + ": empty relation name");
    const int64_t h = entity(f[0], line);
    auto [rel, fresh] = relation_index.emplace(f[1], static_cast<int64_t>(relation_index.size()));
    if (fresh) kg.relation_names.push_back(f[1]);
    const int64_t t = entity(f[2], line);
    kg.triples.push_back({h, rel->second, t});
  });
  kg.n_entity = static_cast<int64_t>(entity_index.size());
  kg.n_relation = static_cast<int64_t>(relation_index.size());
  return kg;
}

KgcnRaw load(const std::string& dir, double rating_threshold, uint64_t seed, NegativeSampling negatives);

}  // namespace

KgcnRaw load_kgcn_lastfm(const std::string& dir, double rating_threshold, uint64_t seed,
                         NegativeSampling negatives) {
  try {
    return load(dir, rating_threshold, seed, negatives);
  } catch (const DataError& e) {
    const std::string msg = e.what();
    if (msg.find(kWhatToDo) != std::string::npos) throw;
    throw DataError(msg + " (" + kWhatToDo + ")");  // every loader error says what to do
  }
}

namespace {
KgcnRaw load(const std::string& dir, double rating_threshold, uint64_t seed, NegativeSampling negatives) {
  const ItemIndex items = read_items(dir + "/item_index2entity_id.txt");
  KgcnRaw raw;
  raw.kg = read_kg(dir + "/kg.txt", items.entity_to_index);
  const auto n_item = static_cast<int64_t>(items.artist_to_item.size());

  // Positives (and below-threshold listens, which are neither positive nor eligible as negatives) per user,
  // users numbered by first positive, items kept in first-seen order.
  std::unordered_map<int64_t, int64_t> user_index;
  std::vector<std::vector<int64_t>> positives;
  std::vector<std::unordered_set<int64_t>> seen;
  std::unordered_map<int64_t, std::unordered_set<int64_t>> below_threshold;
  const std::string ratings = dir + "/user_artists.dat";
  for_each_tsv_row(ratings, {3, "userID\tartistID\tweight", kWhatToDo},
                   [&](int64_t line, const std::vector<std::string>& f) {
                     const int64_t user = parse_index(f[0], ratings, line, "userID");
                     const int64_t artist = parse_index(f[1], ratings, line, "artistID");
                     const double weight = parse_number(f[2], ratings, line, "weight");
                     auto it = items.artist_to_item.find(artist);
                     if (it == items.artist_to_item.end()) return;  // artist not in the KG: dropped
                     if (weight < rating_threshold) {
                       below_threshold[user].insert(it->second);
                       return;
                     }
                     auto [u, fresh] = user_index.emplace(user, static_cast<int64_t>(positives.size()));
                     if (fresh) positives.emplace_back(), seen.emplace_back();
                     if (seen[static_cast<size_t>(u->second)].insert(it->second).second) {
                       positives[static_cast<size_t>(u->second)].push_back(it->second);
                     }
                   });
  std::vector<int64_t> original_id(positives.size());
  for (const auto& [orig, idx] : user_index) original_id[static_cast<size_t>(idx)] = orig;

  // Popularity for the weighted protocols: how many users have the item as a positive.
  std::vector<int64_t> popularity(static_cast<size_t>(n_item), 0);
  for (const auto& items_of_user : positives) {
    for (int64_t i : items_of_user) ++popularity[static_cast<size_t>(i)];
  }
  Interactions& x = raw.interactions;
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
      unseen.push_back(i);
    }
    if (unseen.size() < pos.size()) {
      throw DataError(ratings + ": user " + std::to_string(original_id[static_cast<size_t>(u)]) + " has " +
                      std::to_string(pos.size()) + " positives but only " + std::to_string(unseen.size()) +
                      " unseen items to draw as many negatives from");
    }
    for (int64_t j : draw_negatives(unseen, pos.size(), negatives, popularity, rng)) {
      x.user.push_back(u), x.item.push_back(j), x.label.push_back(0.0f);
    }
  }
  if (x.n_user == 0) throw DataError(ratings + ": no interaction with a known artist at or above the threshold");
  return raw;
}
}  // namespace

}  // namespace emorec::data
