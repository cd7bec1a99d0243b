// The data keys of the KG data sets. Each data set has its own struct, chosen by data.dataset (its keys sit
// beside data.dataset, so a key of another data set is an unknown key): what every KG data set has, what the
// data sets read from files add, Last.FM's tag modality, and the synthetic KG's generator.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config/visitor.h"

namespace emorec::data {

// Every KG data set: how negatives are drawn, the split, and the neighbour sample.
struct KgDataConfig {
  std::string negatives = "uniform";            // negative-sampling protocol of the CTR rows
  std::vector<double> split = {0.6, 0.2, 0.2};  // train / eval / test fractions
  int64_t neighbor_sample_size = 8;             // K neighbours sampled per entity
  void visit(config::ConfigVisitor& v);
};

// KG data read from files (mkgcn-music-d): which interactions are positives, and modality files.
struct KgFileConfig : KgDataConfig {
  double rating_threshold = 0.0;          // interactions with weight >= threshold are positives
  std::vector<std::string> modalities;    // modality files, or a built-in source (data/kg_modalities.h)
  std::string modality_missing = "zeros";  // zeros | mean | error for items a modality lacks
  void visit(config::ConfigVisitor& v);
};

// KGCN's Last.FM: the file keys and the built-in lastfm-tags modality's vocabulary threshold.
struct LastfmDataConfig : KgFileConfig {
  int64_t tag_min_items = 5;
  void visit(config::ConfigVisitor& v);
};

// The synthetic multimodal KG's generator (data.synthetic); the generative model is in data/synthetic_kg.h.
struct SyntheticConfig {
  int64_t seed = 1;  // the data set's own seed: the experiment seed varies split, sampling and training only
  int64_t users = 500, items = 400, attributes = 200, relations = 4, links_per_item = 3;
  int64_t latent = 8, modal_width = 32, positives_per_user = 20;
  double graph_share = 0.3;
  std::vector<double> modal_shares = {0.3, 0.3};
  double feature_noise = 0.1, modal_missing = 0.0;
  void visit(config::ConfigVisitor& v);
};

// The synthetic KG (data.dataset: synthetic): the keys of every KG data set and its generator; its modalities
// come with it, so it has no modality keys.
struct SyntheticKgConfig : KgDataConfig {
  SyntheticConfig synthetic;
  void visit(config::ConfigVisitor& v);
};

}  // namespace emorec::data
