// Reading a knowledge graph's triple file (`head<TAB>relation<TAB>tail`, entity ids as non-negative integers,
// relations by name), the format of both KGCN's and MKGCN's releases.
#pragma once
#include <string>
#include <unordered_map>

#include "data/kg_types.h"
#include "data/text_table.h"

namespace emorec::data {

// `entity_index` maps the item entities' ids (as text) to their indices 0..n_item-1; other entities get the
// next indices in order of first appearance, relations likewise. `options` gives the column count (3), the
// header line if the file has one, and what to do on errors.
KnowledgeGraph read_kg_triples(const std::string& path, std::unordered_map<std::string, int64_t> entity_index,
                               const TsvOptions& options);

}  // namespace emorec::data
