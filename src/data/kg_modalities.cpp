// Loading the modalities named in data.modalities.
#include "data/kg_modalities.h"

#include <filesystem>

#include "core/error.h"
#include "data/dataset_registry.h"
#include "data/lastfm_tags.h"

namespace emorec::data {
namespace {

ModalityTable tag_modality(const config::DataConfig& data, const std::unordered_map<std::string, int64_t>& item_ids,
                           const std::string& root, const std::string& how) {
  const auto& lastfm = data.options.as<LastfmDataConfig>();
  std::unordered_map<int64_t, int64_t> artist_to_item;
  for (const auto& [id, item] : item_ids) artist_to_item.emplace(std::stoll(id), item);
  TagModalityOptions options;
  options.min_items = lastfm.tag_min_items;
  options.missing = parse_missing_modality(lastfm.modality_missing);
  return lastfm_tag_modality(require_dataset(root, how, "hetrec2011-lastfm-2k"), artist_to_item, options);
}

}  // namespace

const Registry<ModalitySource>& modality_sources() {
  static const Registry<ModalitySource> r = [] {
    Registry<ModalitySource> reg("modality source");
    reg.add(kLastfmTags, {"kgcn-lastfm", tag_modality});
    return reg;
  }();
  return r;
}

std::vector<ModalityTable> load_kg_modalities(const config::DataConfig& data, const KgFileConfig& files,
                                              const std::string& folder,
                                              const std::unordered_map<std::string, int64_t>& item_ids,
                                              const std::string& root, const std::string& how) {
  std::vector<ModalityTable> out;
  const auto missing = parse_missing_modality(files.modality_missing);
  for (const auto& entry : files.modalities) {
    if (modality_sources().contains(entry)) {
      const ModalitySource& source = modality_sources().at(entry);
      if (data.dataset != source.dataset) {
        throw ConfigError("data.modalities: " + entry + " is a modality of " + source.dataset + "'s items, not of " +
                          data.dataset);
      }
      out.push_back(source.load(data, item_ids, root, how));
      continue;
    }
    std::filesystem::path path(entry);
    if (path.is_relative()) path = std::filesystem::path(folder) / path;
    if (!std::filesystem::is_regular_file(path)) {
      throw DataError("data.modalities: no modality file " + path.string() +
                      " (give a path relative to the data set's folder " + folder + ", or an absolute one)");
    }
    out.push_back(read_modality_file(path.string(), item_ids, missing));
  }
  return out;
}

}  // namespace emorec::data
