// Reading head-relation-tail triple files.
#include "data/kg_triples.h"

#include "core/error.h"

namespace emorec::data {

KnowledgeGraph read_kg_triples(const std::string& path, std::unordered_map<std::string, int64_t> entity_index,
                               const TsvOptions& options) {
  KnowledgeGraph kg;
  std::unordered_map<std::string, int64_t> relation_index;
  auto entity = [&](const std::string& id, int64_t line) {
    parse_index(id, path, line, "entity id");
    auto [it, fresh] = entity_index.emplace(id, static_cast<int64_t>(entity_index.size()));
    (void)fresh;
    return it->second;
  };
  for_each_tsv_row(path, options, [&](int64_t line, const std::vector<std::string>& f) {
    if (f[1].empty()) throw DataError(path + ":" + std::to_string(line) + ": empty relation name");
    const int64_t h = entity(f[0], line);
    auto [rel, fresh] = relation_index.emplace(f[1], static_cast<int64_t>(relation_index.size()));
    if (fresh) kg.relation_names.push_back(f[1]);
    const int64_t t = entity(f[2], line);
    kg.triples.push_back({h, rel->second, t});
  });
  kg.n_entity = static_cast<int64_t>(entity_index.size());
  kg.n_relation = static_cast<int64_t>(relation_index.size());
  return kg;
}

}  // namespace emorec::data
