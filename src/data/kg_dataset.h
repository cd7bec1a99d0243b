// A knowledge-graph recommendation data set ready for training: interactions, split, graph and sampled
// neighbours, built by name from the data config.
#pragma once
#include <functional>
#include <string>
#include <typeinfo>
#include <vector>

#include "config/experiment.h"
#include "core/registry.h"
#include "data/kg_data_config.h"
#include "data/kg_types.h"
#include "data/kgcn_lastfm.h"
#include "data/modality.h"

namespace emorec::data {

struct KgDataset {
  std::string name;
  std::string folder;     // where it was read from
  std::string negatives;  // the negative-sampling protocol (data.negatives)
  Interactions interactions;
  Split split;
  KnowledgeGraph kg;
  NeighborTable neighbors;
  std::vector<ModalityTable> modalities;  // per-item modality features, where the data set has them
  std::string summary() const;  // one line of counts
};

// What a KG loader gives: interactions with their negatives and the graph, modalities, and where it came from.
struct LoadedKg {
  KgcnRaw raw;
  std::vector<ModalityTable> modalities;
  std::string folder;
};
// A KG loader: the part of its data set's keys (data/kg_data_config.h, named in data/loader_options) that
// every KG data set has, and the loading itself.
struct KgLoader {
  const std::type_info* options_type = nullptr;  // of the keys, checked against data/loader_options
  std::function<const KgDataConfig&(const config::ComponentOptions&)> common;
  std::function<LoadedKg(const config::DataConfig& data, uint64_t seed)> load;
};
// The KG loaders by name, as data/datasets.yaml's `loader` names them: kgcn-lastfm, mkgcn-music-d and
// synthetic-kg (generated, nothing read).
const Registry<KgLoader>& kg_loaders();

// Loads `data.dataset` with the loader its data-set entry names and runs its preprocessing (split, neighbour
// sampling) with streams derived from `seed`.
KgDataset load_kg_dataset(const config::DataConfig& data, uint64_t seed);

}  // namespace emorec::data
