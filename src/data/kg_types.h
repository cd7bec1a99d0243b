// Plain data of the knowledge-graph recommenders: interactions, the graph, and its sampled neighbourhoods.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::data {

// Labelled (user, item) pairs: positives and the sampled negatives, in one table.
struct Interactions {
  int64_t n_user = 0;
  int64_t n_item = 0;
  std::vector<int64_t> user;
  std::vector<int64_t> item;
  std::vector<float> label;  // 1 positive, 0 negative
  std::vector<int64_t> user_ids;  // the source file's id of each user index; empty for generated data
  size_t size() const { return user.size(); }
  int64_t positives() const;
};

// Triples over entity indices 0..n_entity-1; items are entities 0..n_item-1.
struct KnowledgeGraph {
  int64_t n_entity = 0;
  int64_t n_relation = 0;
  std::vector<std::array<int64_t, 3>> triples;  // head, relation, tail
  std::vector<std::string> relation_names;
};

// K sampled neighbours per entity, row-major [n_entity, K], from the undirected graph.
struct NeighborTable {
  int64_t k = 0;
  std::vector<int64_t> entity;
  std::vector<int64_t> relation;
};

// Row indices of a split into train / eval / test.
struct Split {
  std::vector<int64_t> train, eval, test;
};

}  // namespace emorec::data
