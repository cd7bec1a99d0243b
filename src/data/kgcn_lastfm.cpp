// KGCN Last.FM loading and preprocessing.
#include "data/kgcn_lastfm.h"

#include <unordered_map>

#include "core/error.h"
#include "data/implicit_feedback.h"
#include "data/kg_triples.h"
#include "data/text_table.h"

namespace emorec::data {
namespace {

constexpr const char* kWhatToDo = "the file should be as released with KGCN; see ../shared/data/kgcn-lastfm/SOURCE.md";

KgcnRaw load(const std::string& dir, double rating_threshold, uint64_t seed, NegativeSampling negatives);

}  // namespace

KgcnLastfmItems read_kgcn_lastfm_items(const std::string& path) {
  KgcnLastfmItems idx;
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

KgcnRaw load_kgcn_lastfm(const std::string& dir, double rating_threshold, uint64_t seed,
                         NegativeSampling negatives) {
  return with_what_to_do(kWhatToDo, [&] { return load(dir, rating_threshold, seed, negatives); });
}

namespace {
KgcnRaw load(const std::string& dir, double rating_threshold, uint64_t seed, NegativeSampling negatives) {
  const KgcnLastfmItems items = read_kgcn_lastfm_items(dir + "/item_index2entity_id.txt");
  KgcnRaw raw;
  raw.kg = read_kg_triples(dir + "/kg.txt", items.entity_to_index, {3, "", kWhatToDo});
  const auto n_item = static_cast<int64_t>(items.artist_to_item.size());

  // Listens of artists outside the KG are dropped; the rest become positives and negatives.
  std::vector<RatedItem> rows;
  const std::string ratings = dir + "/user_artists.dat";
  for_each_tsv_row(ratings, {3, "userID\tartistID\tweight", kWhatToDo},
                   [&](int64_t line, const std::vector<std::string>& f) {
                     const int64_t user = parse_index(f[0], ratings, line, "userID");
                     const int64_t artist = parse_index(f[1], ratings, line, "artistID");
                     const double weight = parse_number(f[2], ratings, line, "weight");
                     auto it = items.artist_to_item.find(artist);
                     if (it != items.artist_to_item.end()) rows.push_back({user, it->second, weight});
                   });
  raw.interactions = label_interactions(rows, n_item, rating_threshold, seed, negatives, ratings);
  return raw;
}
}  // namespace

}  // namespace emorec::data
