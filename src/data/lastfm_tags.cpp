// TF-IDF tag vectors of the Last.FM items.
#include "data/lastfm_tags.h"

#include <cmath>
#include <map>
#include <vector>

#include "core/error.h"
#include "data/text_table.h"

namespace emorec::data {

ModalityTable lastfm_tag_modality(const std::string& dir, const std::unordered_map<int64_t, int64_t>& artist_to_item,
                                  const TagModalityOptions& options) {
  const std::string path = dir + "/user_taggedartists.dat";
  const auto n_item = static_cast<int64_t>(artist_to_item.size());
  // counts[item][tag]: how many users gave the tag to the item.
  std::vector<std::map<int64_t, int64_t>> counts(static_cast<size_t>(n_item));
  for_each_tsv_row(path, {6, "userID\tartistID\ttagID\tday\tmonth\tyear",
                          "the file should be as released in hetrec2011-lastfm-2k; see its SOURCE.md"},
                   [&](int64_t line, const std::vector<std::string>& f) {
                     parse_index(f[0], path, line, "userID");
                     const int64_t artist = parse_index(f[1], path, line, "artistID");
                     const int64_t tag = parse_index(f[2], path, line, "tagID");
                     const auto it = artist_to_item.find(artist);
                     if (it != artist_to_item.end()) ++counts[static_cast<size_t>(it->second)][tag];
                   });
  std::map<int64_t, int64_t> df;  // tag -> items carrying it
  for (const auto& c : counts) {
    for (const auto& [tag, n] : c) ++df[tag];
  }
  std::map<int64_t, int64_t> column;  // kept tag -> feature column, in tag-ID order
  for (const auto& [tag, items] : df) {
    if (items >= options.min_items) column.emplace(tag, static_cast<int64_t>(column.size()));
  }
  if (column.empty()) throw DataError(path + ": no tag is carried by " + std::to_string(options.min_items) + " items");
  ModalityTable t;
  t.name = "lastfm_tags";
  t.width = static_cast<int64_t>(column.size());
  t.values.assign(static_cast<size_t>(n_item * t.width), 0.0f);
  t.present.assign(static_cast<size_t>(n_item), 0);
  for (int64_t i = 0; i < n_item; ++i) {
    for (const auto& [tag, n] : counts[static_cast<size_t>(i)]) {
      if (column.count(tag)) t.present[static_cast<size_t>(i)] = 1;
    }
  }
  double tagged = 0;
  for (auto p : t.present) tagged += p;
  for (int64_t i = 0; i < n_item; ++i) {
    float* row = t.values.data() + i * t.width;
    double norm = 0;
    for (const auto& [tag, n] : counts[static_cast<size_t>(i)]) {
      const auto col = column.find(tag);
      if (col == column.end()) continue;
      const double w = (1.0 + std::log(static_cast<double>(n))) * std::log(tagged / static_cast<double>(df.at(tag)));
      row[col->second] = static_cast<float>(w);
      norm += w * w;
    }
    if (norm > 0) {
      for (int64_t c = 0; c < t.width; ++c) row[c] = static_cast<float>(row[c] / std::sqrt(norm));
    }
  }
  if (options.missing == MissingModality::kMean) fill_missing_with_mean(t);
  if (options.missing == MissingModality::kError && tagged < static_cast<double>(n_item)) {
    throw DataError(path + ": " + std::to_string(n_item - static_cast<int64_t>(tagged)) + " of " +
                    std::to_string(n_item) + " items carry no kept tag");
  }
  return t;
}

}  // namespace emorec::data
