// The modality tables an experiment asks for in data.modalities: MKGCN-style feature files (modality.h), or the
// built-in lastfm-tags (lastfm_tags.h) for KGCN's Last.FM items.
#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/experiment.h"
#include "core/registry.h"
#include "data/kg_data_config.h"
#include "data/modality.h"

namespace emorec::data {

// The name of the built-in Last.FM tag modality in data.modalities.
inline const char* kLastfmTags = "lastfm-tags";

// A modality that is not a file: computed for the items of one data set (`dataset`), from the experiment's data
// section (whose options are that data set's keys), the item IDs, and the data root (and how it was chosen, for
// messages).
struct ModalitySource {
  std::string dataset;
  std::function<ModalityTable(const config::DataConfig&, const std::unordered_map<std::string, int64_t>& item_ids,
                              const std::string& root, const std::string& how)>
      load;
};
// The modality sources by the name data.modalities gives them: lastfm-tags. Any other entry is a file.
const Registry<ModalitySource>& modality_sources();

// One table per `files.modalities` entry, in order (`data`: the experiment's data section, whose options
// `files` are). `folder`: the data set's folder (relative file names are
// read there); `item_ids`: the IDs modality files name -> item index (all n_item items); `root`/`how`: the data
// root and how it was chosen, for lastfm-tags, which reads hetrec2011-lastfm-2k beside the data set. Throws
// ConfigError for lastfm-tags on another data set, DataError for unreadable or malformed files.
std::vector<ModalityTable> load_kg_modalities(const config::DataConfig& data, const KgFileConfig& files,
                                              const std::string& folder,
                                              const std::unordered_map<std::string, int64_t>& item_ids,
                                              const std::string& root, const std::string& how);

}  // namespace emorec::data
