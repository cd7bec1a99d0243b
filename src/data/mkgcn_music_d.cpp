// music-d loading: three headed TSV files, joined on the item IDs.
#include "data/mkgcn_music_d.h"

#include <cctype>
#include <vector>

#include "core/error.h"
#include "data/implicit_feedback.h"
#include "data/kg_triples.h"
#include "data/text_table.h"

namespace emorec::data {
namespace {

constexpr const char* kWhatToDo =
    "the file should be as released with MKGCN; see ../shared/data/mkgcn-music-d/SOURCE.md";

std::string at_line(const std::string& path, int64_t line) { return path + ":" + std::to_string(line) + ": "; }

void require_item_id(const std::string& id, const std::string& path, int64_t line) {
  if (!is_music_d_item_id(id)) {
    throw DataError(at_line(path, line) + "bad itemID \"" + id + "\" (expected 16 letters or digits)");
  }
}

KgcnRaw load(const std::string& dir, double rating_threshold, uint64_t seed, NegativeSampling negatives) {
  const auto items = read_music_d_items(dir + "/itemID2entityID.txt");
  KgcnRaw raw;
  raw.kg = read_kg_triples(dir + "/kg.txt", items.by_entity_id, {3, "head\trelation\ttail", kWhatToDo});
  const std::string ratings = dir + "/userID2itemID4ratings.tsv";
  std::vector<RatedItem> rows;
  for_each_tsv_row(ratings, {3, "userID\titemID\trating", kWhatToDo}, [&](int64_t line, const std::vector<std::string>& f) {
    const int64_t user = parse_index(f[0], ratings, line, "userID");
    require_item_id(f[1], ratings, line);
    const double plays = static_cast<double>(parse_index(f[2], ratings, line, "rating (play count)"));
    const auto it = items.by_item_id.find(f[1]);
    if (it != items.by_item_id.end()) rows.push_back({user, it->second, plays});
  });
  raw.interactions =
      label_interactions(rows, static_cast<int64_t>(items.by_item_id.size()), rating_threshold, seed, negatives, ratings);
  return raw;
}

}  // namespace

bool is_music_d_item_id(const std::string& id) {
  if (id.size() != 16) return false;
  for (unsigned char c : id) {
    if (!std::isalnum(c)) return false;
  }
  return true;
}

MusicDItems read_music_d_items(const std::string& path) {
  MusicDItems items;
  for_each_tsv_row(path, {2, "itemID\tentityID", kWhatToDo}, [&](int64_t line, const std::vector<std::string>& f) {
    require_item_id(f[0], path, line);
    parse_index(f[1], path, line, "entityID");
    const auto item = static_cast<int64_t>(items.by_item_id.size());
    if (!items.by_item_id.emplace(f[0], item).second) {
      throw DataError(at_line(path, line) + "itemID " + f[0] + " appears twice");
    }
    if (!items.by_entity_id.emplace(f[1], item).second) {
      throw DataError(at_line(path, line) + "entityID " + f[1] + " appears twice");
    }
  });
  return items;
}

KgcnRaw load_mkgcn_music_d(const std::string& dir, double rating_threshold, uint64_t seed,
                           NegativeSampling negatives) {
  return with_what_to_do(kWhatToDo, [&] { return load(dir, rating_threshold, seed, negatives); });
}

}  // namespace emorec::data
