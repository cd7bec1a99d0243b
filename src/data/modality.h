// Per-item modality features in the form of MKGCN's release (`itemID<TAB>f1<TAB>f2...`, one file per modality:
// lyrics embeddings, audio bags of words, image features, ...). A file's rows must all have the same width;
// widths may differ between modalities. Items of the data set that a file lacks get a fallback.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/component.h"

namespace emorec::data {

// What an item without a row in a modality file gets: zeros, the mean of the rows present, or an error.
enum class MissingModality { kZeros, kMean, kError };
MissingModality parse_missing_modality(const std::string& name);  // "zeros", "mean", "error"
// Those names, for the config reader (data.modality_missing).
config::ChoiceSet missing_modality_choices();

struct ModalityTable {
  std::string name;               // the file's stem, e.g. modal_0
  int64_t width = 0;              // features per item
  std::vector<float> values;      // [n_item, width], row-major, fallback rows filled in
  std::vector<uint8_t> present;   // [n_item]: 1 where the file had the item
  int64_t unknown_rows = 0;       // rows naming items outside the data set (skipped)
};

// Reads `path`. `items` maps item IDs to item indices 0..n_item-1. The first non-empty row is skipped as a
// header when its first field is no known item ID and none of its other fields (at least one) is a number.
// Throws DataError naming the file and
// line for: an empty file, a row without features, a width different from the first row's, a value that is
// not a finite number (with its column), an item listed twice, or (kError) an item missing.
ModalityTable read_modality_file(const std::string& path, const std::unordered_map<std::string, int64_t>& items,
                                 MissingModality missing);

// Sets every row with present == 0 to the mean of the present rows (no change when none is present).
void fill_missing_with_mean(ModalityTable& table);

}  // namespace emorec::data
