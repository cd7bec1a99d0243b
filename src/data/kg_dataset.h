// A knowledge-graph recommendation data set ready for training: interactions, split, graph and sampled
// neighbours, built by name from the data config.
#pragma once
#include <string>

#include <vector>

#include "config/experiment.h"
#include "data/kg_types.h"
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

// Loads `config.dataset` from the data root (or generates it: synthetic) and runs its preprocessing with
// streams derived from `seed`.
KgDataset load_kg_dataset(const config::DataConfig& config, uint64_t seed);

}  // namespace emorec::data
