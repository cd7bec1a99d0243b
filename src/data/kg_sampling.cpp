// Split and neighbour sampling of the KG recommenders.
#include "data/kg_sampling.h"

#include <numeric>

#include "core/error.h"
#include "core/rng.h"

namespace emorec::data {

int64_t Interactions::positives() const {
  int64_t n = 0;
  for (float l : label) n += l > 0.5f;
  return n;
}

Split random_split(int64_t n, const std::vector<double>& fractions, uint64_t seed) {
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  shuffle(order, rng);
  const auto n_eval = static_cast<int64_t>(static_cast<double>(n) * fractions.at(1));
  const auto n_test = static_cast<int64_t>(static_cast<double>(n) * fractions.at(2));
  Split s;
  s.eval.assign(order.begin(), order.begin() + n_eval);
  s.test.assign(order.begin() + n_eval, order.begin() + n_eval + n_test);
  s.train.assign(order.begin() + n_eval + n_test, order.end());
  return s;
}

NeighborTable sample_neighbors(const KnowledgeGraph& kg, int64_t k, uint64_t seed) {
  std::vector<std::vector<std::pair<int64_t, int64_t>>> adj(static_cast<size_t>(kg.n_entity));
  for (const auto& [h, r, t] : kg.triples) {
    adj[static_cast<size_t>(h)].push_back({t, r});
    adj[static_cast<size_t>(t)].push_back({h, r});
  }
  NeighborTable table;
  table.k = k;
  table.entity.resize(static_cast<size_t>(kg.n_entity * k));
  table.relation.resize(table.entity.size());
  Rng rng(seed);
  std::vector<size_t> pick;
  for (int64_t e = 0; e < kg.n_entity; ++e) {
    const auto& nb = adj[static_cast<size_t>(e)];
    if (nb.empty()) {
      throw DataError("entity " + std::to_string(e) + " has no neighbour in the knowledge graph; "
                      "fixed-size neighbour sampling needs at least one edge per entity");
    }
    pick.resize(nb.size());
    std::iota(pick.begin(), pick.end(), size_t{0});
    for (int64_t j = 0; j < k; ++j) {
      size_t chosen;
      if (static_cast<int64_t>(nb.size()) >= k) {  // without replacement: partial Fisher-Yates
        const size_t r = static_cast<size_t>(j) + uniform_below(rng, nb.size() - static_cast<size_t>(j));
        std::swap(pick[static_cast<size_t>(j)], pick[r]);
        chosen = pick[static_cast<size_t>(j)];
      } else {
        chosen = uniform_below(rng, nb.size());
      }
      table.entity[static_cast<size_t>(e * k + j)] = nb[chosen].first;
      table.relation[static_cast<size_t>(e * k + j)] = nb[chosen].second;
    }
  }
  return table;
}

}  // namespace emorec::data
