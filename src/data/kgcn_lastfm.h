// Loader for KGCN's Last.FM release (kg.txt, item_index2entity_id.txt, user_artists.dat) and KGCN's
// preprocessing: re-indexing, positives by threshold, one negative per positive from the user's unseen
// items (uniform as in KGCN, or by one of the other protocols of negative_sampling.h).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include "data/kg_types.h"
#include "data/negative_sampling.h"

namespace emorec::data {

struct KgcnRaw {
  Interactions interactions;
  KnowledgeGraph kg;
};

struct KgcnLastfmItems {
  std::unordered_map<int64_t, int64_t> artist_to_item;       // artistID -> item index
  std::unordered_map<std::string, int64_t> entity_to_index;  // KG entity id (as text) -> entity index
};

// item_index2entity_id.txt: items in file order, validated (integer ids, no repeats).
KgcnLastfmItems read_kgcn_lastfm_items(const std::string& path);

// Reads the three files in `dir`. Items are numbered in item_index2entity_id.txt order and are entities
// 0..n_item-1; other entities and relations are numbered in order of first appearance in kg.txt. Users are
// numbered in order of their first positive. Negatives are drawn with `seed`, by the `negatives` protocol
// (KGCN's is uniform).
KgcnRaw load_kgcn_lastfm(const std::string& dir, double rating_threshold, uint64_t seed,
                         NegativeSampling negatives = NegativeSampling::kUniform);

}  // namespace emorec::data
