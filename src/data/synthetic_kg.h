// A synthetic multimodal knowledge-graph recommendation data set, deterministic by seed, in which a chosen
// share of each user's preference lives in the graph, in each modality, or in noise. It lets experiments and
// tests show whether a model recovers signal that only a modality carries, and it is the data set EmoRec
// trains on with no download at all (`data.dataset: synthetic`).
//
// Generative model (latent size L):
//   attribute entities a_e ~ N(0, I_L), each with relation e mod n_relation; item i links to `links_per_item`
//   distinct attributes (the KG triples item -relation-> attribute), and its graph factor g_i is their mean,
//   rescaled to unit variance; attributes no item links to are left out of the graph;
//   modality j of item i: a latent m_ij ~ N(0, I_L) observed as features f_ij = W_j m_ij + feature_noise * eps,
//   W_j [modal_width, L] ~ N(0, 1/L);
//   user u: latents p_u, q_uj ~ N(0, I_L); affinity
//     s(u,i) = sqrt(graph_share) <p_u, g_i> + sum_j sqrt(modal_share_j) <q_uj, m_ij> + sqrt(noise_share) z_ui
//   with z_ui ~ N(0, L) and noise_share = 1 - graph_share - sum_j modal_share_j;
//   the user's positives are its `positives_per_user` items of highest affinity.
// Then KGCN-style labelling (one negative per positive, by the configured protocol). A fraction
// `modal_missing` of the items lack each modality (present = 0, features zero).
#pragma once
#include <cstdint>
#include <vector>

#include "data/kgcn_lastfm.h"
#include "data/modality.h"
#include "data/negative_sampling.h"

namespace emorec::data {

struct SyntheticOptions {
  int64_t users = 500, items = 400, attributes = 200, relations = 4, links_per_item = 3;
  int64_t latent = 8, modal_width = 32, positives_per_user = 20;
  double graph_share = 0.3;
  std::vector<double> modal_shares = {0.3, 0.3};  // one per modality
  double feature_noise = 0.1, modal_missing = 0.0;
};

struct SyntheticData {
  KgcnRaw raw;                            // interactions (with negatives) and the KG
  std::vector<ModalityTable> modalities;  // one per modal_shares entry, [items, modal_width]
};

// Throws ConfigError for inconsistent options (shares outside [0,1] or summing above 1, more positives per
// user than half the items, more links per item than attributes, ...).
SyntheticData generate_synthetic_kg(const SyntheticOptions& options, uint64_t seed, NegativeSampling negatives);

}  // namespace emorec::data
