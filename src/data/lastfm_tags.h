// A text modality for KGCN's Last.FM items from the user-assigned tags of hetrec2011-lastfm-2k (joined on the
// artist ID): per item, TF-IDF over the tags that at least `min_items` items carry,
//   w[i,t] = (1 + ln count[i,t]) * ln(n_tagged / df[t]),   each item's row L2-normalised,
// where count[i,t] is how many times users gave tag t to item i, n_tagged the number of items with at least one
// kept tag and df[t] the number of items carrying t. Items without any kept tag have no row: present = 0 and
// the `missing` fallback fills them (zeros or the mean), so that models can tell them apart explicitly.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include "data/modality.h"

namespace emorec::data {

struct TagModalityOptions {
  int64_t min_items = 5;  // a tag enters the vocabulary when this many items carry it
  MissingModality missing = MissingModality::kZeros;
};

// `dir`: the hetrec2011-lastfm-2k folder (user_taggedartists.dat). `artist_to_item`: artistID -> item index
// of the KG data set. Throws DataError naming file and line for a malformed row.
ModalityTable lastfm_tag_modality(const std::string& dir, const std::unordered_map<int64_t, int64_t>& artist_to_item,
                                  const TagModalityOptions& options = {});

}  // namespace emorec::data
