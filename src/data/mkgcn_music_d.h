// Loader for MKGCN's music-d release (Cui et al., Electronics 2023): itemID2entityID.txt, kg.txt and
// userID2itemID4ratings.tsv, each with a header row and CRLF line endings; items are 16-character string IDs
// (Music4All track IDs); ratings are play counts, positive at or above a threshold (the authors use 5). Then
// KGCN-style labelling: one negative per positive from the user's unrated items, by a negative-sampling
// protocol (the authors' is popularity-proportional). See ../shared/data/mkgcn-music-d/SOURCE.md.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include "data/kgcn_lastfm.h"
#include "data/negative_sampling.h"

namespace emorec::data {

// Items are numbered in itemID2entityID.txt order and are entities 0..n_item-1; other entities and relations
// in order of first appearance in kg.txt; users in order of their first positive. Rating rows whose item is
// not in itemID2entityID.txt are dropped.
KgcnRaw load_mkgcn_music_d(const std::string& dir, double rating_threshold, uint64_t seed,
                           NegativeSampling negatives);

struct MusicDItems {
  std::unordered_map<std::string, int64_t> by_item_id;    // itemID -> item index (what modality files name)
  std::unordered_map<std::string, int64_t> by_entity_id;  // KG entity id (as text) -> item index
};

// itemID2entityID.txt, validated: 16-character alphanumeric IDs, integer entity ids, no repeats.
MusicDItems read_music_d_items(const std::string& path);

// True for a 16-character alphanumeric item ID.
bool is_music_d_item_id(const std::string& id);

}  // namespace emorec::data
