// A knowledge-graph recommendation data set ready for training: interactions, split, graph and sampled
// neighbours, built by name from the data config.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "core/registry.h"
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
using KgLoader = std::function<LoadedKg(const config::DataConfig& config, uint64_t seed)>;
// The KG loaders by name, as data/datasets.yaml's `loader` names them: kgcn-lastfm, mkgcn-music-d and
// synthetic-kg (generated, nothing read).
const Registry<KgLoader>& kg_loaders();

// Loads `config.dataset` with the loader its data-set entry names and runs its preprocessing (split, neighbour
// sampling) with streams derived from `seed`.
KgDataset load_kg_dataset(const config::DataConfig& config, uint64_t seed);

}  // namespace emorec::data
