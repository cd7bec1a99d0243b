// Seeds, the random split and fixed-size neighbour sampling.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/error.h"
#include "core/rng.h"
#include "data/implicit_feedback.h"
#include "data/kg_sampling.h"
#include "data/negative_sampling.h"

namespace emorec::data {
namespace {

TEST(Rng, StreamsAreDistinctAndStable) {
  EXPECT_EQ(derive_seed(1, "split"), derive_seed(1, "split"));
  EXPECT_NE(derive_seed(1, "split"), derive_seed(1, "negatives"));
  EXPECT_NE(derive_seed(1, "split"), derive_seed(2, "split"));
  EXPECT_NE(derive_seed(1, "shuffle", 0), derive_seed(1, "shuffle", 1));
}

TEST(Rng, UniformBelowCoversTheRangeEvenly) {
  Rng rng(7);
  std::vector<int> counts(5, 0);
  const int draws = 50000;
  for (int i = 0; i < draws; ++i) ++counts[uniform_below(rng, 5)];
  // Each count is Binomial(50000, 0.2): sd ~ 89; 6 sd is far beyond chance.
  for (int c : counts) EXPECT_NEAR(c, draws / 5, 540);
}

TEST(Split, SizesFollowKgcnsRuleAndPartsAreDisjoint) {
  const auto s = random_split(1003, {0.6, 0.2, 0.2}, 5);
  EXPECT_EQ(s.eval.size(), 200u);  // floor(1003 * 0.2)
  EXPECT_EQ(s.test.size(), 200u);
  EXPECT_EQ(s.train.size(), 603u);
  std::set<int64_t> all(s.train.begin(), s.train.end());
  all.insert(s.eval.begin(), s.eval.end());
  all.insert(s.test.begin(), s.test.end());
  EXPECT_EQ(all.size(), 1003u);
  EXPECT_EQ(*all.begin(), 0);
  EXPECT_EQ(*all.rbegin(), 1002);
  EXPECT_EQ(random_split(1003, {0.6, 0.2, 0.2}, 5).test, s.test);
  EXPECT_NE(random_split(1003, {0.6, 0.2, 0.2}, 6).test, s.test);
}

KnowledgeGraph star_graph() {
  // Entity 0 has 10 distinct edges; entity 11 has only two (to 12 and 13); 1..10 and 12,13 have one or more.
  KnowledgeGraph kg;
  kg.n_entity = 14;
  kg.n_relation = 3;
  for (int64_t t = 1; t <= 10; ++t) kg.triples.push_back({0, t % 3, t});
  kg.triples.push_back({11, 2, 12});
  kg.triples.push_back({13, 1, 11});
  return kg;
}

TEST(NeighborSampling, SamplesRealEdgesInBothDirections) {
  const auto kg = star_graph();
  const auto nb = sample_neighbors(kg, 4, 1);
  std::set<std::tuple<int64_t, int64_t, int64_t>> edges;  // (from, relation, to), both directions
  for (const auto& [h, r, t] : kg.triples) edges.insert({h, r, t}), edges.insert({t, r, h});
  for (int64_t e = 0; e < kg.n_entity; ++e) {
    for (int64_t j = 0; j < 4; ++j) {
      const auto i = static_cast<size_t>(e * 4 + j);
      EXPECT_TRUE(edges.count({e, nb.relation[i], nb.entity[i]})) << "entity " << e << " slot " << j;
    }
  }
}

TEST(NeighborSampling, WithoutReplacementWhenTheDegreeAllowsIt) {
  const auto kg = star_graph();
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const auto nb = sample_neighbors(kg, 4, seed);
    std::set<int64_t> picked(nb.entity.begin(), nb.entity.begin() + 4);  // entity 0: degree 10 >= K
    EXPECT_EQ(picked.size(), 4u);
  }
}

TEST(NeighborSampling, WithReplacementBelowK) {
  const auto kg = star_graph();
  std::map<int64_t, int> seen;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const auto nb = sample_neighbors(kg, 4, seed);
    for (int j = 0; j < 4; ++j) ++seen[nb.entity[static_cast<size_t>(11 * 4 + j)]];  // entity 11: degree 2 < K
  }
  EXPECT_EQ(seen.size(), 2u);  // only its two neighbours, each drawn repeatedly
  EXPECT_GT(seen[12], 50);
  EXPECT_GT(seen[13], 50);
}

TEST(NeighborSampling, DeterministicBySeedAndCoversAllNeighbours) {
  const auto kg = star_graph();
  EXPECT_EQ(sample_neighbors(kg, 4, 3).entity, sample_neighbors(kg, 4, 3).entity);
  std::set<int64_t> over_seeds;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    const auto nb = sample_neighbors(kg, 4, seed);
    over_seeds.insert(nb.entity.begin(), nb.entity.begin() + 4);
  }
  EXPECT_EQ(over_seeds.size(), 10u);
}

TEST(NegativeSampling, FirstDrawIsProportionalToTheWeights) {
  const std::vector<int64_t> popularity = {0, 1, 3, 7};  // weights count + 1 = 1, 2, 4, 8
  for (auto mode : {NegativeSampling::kPopularity, NegativeSampling::kInversePopularity,
                    NegativeSampling::kProportional}) {
    Rng rng(3);
    std::vector<int> counts(4, 0);
    const int draws = 30000;
    for (int n = 0; n < draws; ++n) {
      // proportional (MKGCN's): item 0, liked by nobody, is not a candidate; the others weigh 1, 1/3, 1/7
      std::vector<int64_t> candidates = {0, 1, 2, 3};
      if (mode == NegativeSampling::kProportional) candidates.erase(candidates.begin());
      ++counts[static_cast<size_t>(draw_negatives(candidates, 1, mode, popularity, rng)[0])];
    }
    std::vector<double> w = {1, 2, 4, 8};
    if (mode == NegativeSampling::kInversePopularity) w = {1, 1 / 2.0, 1 / 4.0, 1 / 8.0};
    if (mode == NegativeSampling::kProportional) w = {0, 1, 1 / 3.0, 1 / 7.0};
    double total = 0;
    for (double x : w) total += x;
    for (size_t i = 0; i < 4; ++i) {
      const double p = w[i] / total;
      const double sd = std::sqrt(draws * p * (1 - p));
      EXPECT_NEAR(counts[i], draws * p, 5 * sd) << "item " << i;  // 5 sd: a false alarm ~1 in 10^6
    }
  }
}

TEST(NegativeSampling, DrawsAreDistinctCandidates) {
  Rng rng(1);
  const std::vector<int64_t> popularity(100, 2);
  for (auto mode : {NegativeSampling::kUniform, NegativeSampling::kPopularity, NegativeSampling::kInversePopularity}) {
    std::vector<int64_t> candidates;
    for (int64_t i = 10; i < 60; ++i) candidates.push_back(i);
    const auto out = draw_negatives(candidates, 30, mode, popularity, rng);
    EXPECT_EQ(out.size(), 30u);
    EXPECT_EQ(std::set<int64_t>(out.begin(), out.end()).size(), 30u);
    for (int64_t i : out) EXPECT_TRUE(i >= 10 && i < 60);
  }
  EXPECT_THROW(parse_negative_sampling("popular"), ConfigError);
  std::vector<int64_t> unliked = {5, 0};
  EXPECT_THROW(draw_negatives(unliked, 1, NegativeSampling::kProportional, {0, 1, 1, 1, 1, 0}, rng),
               std::invalid_argument);
}

// MKGCN's proportional protocol through label_interactions: negatives are never one of the user's positives
// or rated items, never an item nobody likes, and follow 1 / popularity over the rest.
TEST(NegativeSampling, ProportionalNegativesOfLabelledInteractions) {
  // User 9 (numbered first) likes item 0 and rates item 6 below the threshold. Item i = 1..5 is liked by
  // i + 1 users of its own, so its popularity is i + 1; item 6 by one other user. Item 7 nobody likes.
  std::vector<RatedItem> rows = {{9, 0, 5}, {9, 6, 1}};
  for (int64_t i = 1; i <= 5; ++i) {
    for (int64_t k = 0; k <= i; ++k) rows.push_back({100 + 10 * i + k, i, 5});
  }
  rows.push_back({300, 6, 5});  // someone likes item 6, so only user 9's low rating keeps it from user 9
  std::vector<int> counts(8, 0);
  const int seeds = 4000;
  for (int s = 0; s < seeds; ++s) {
    const auto x = label_interactions(rows, 8, 3, static_cast<uint64_t>(s), NegativeSampling::kProportional, "t");
    std::map<int64_t, std::set<int64_t>> liked;
    for (size_t r = 0; r < x.size(); ++r) {
      if (x.label[r] > 0.5f) liked[x.user[r]].insert(x.item[r]);
    }
    for (size_t r = 0; r < x.size(); ++r) {
      if (x.label[r] > 0.5f) continue;
      ASSERT_FALSE(liked[x.user[r]].count(x.item[r])) << "a positive drawn as a negative";
      ASSERT_NE(x.item[r], 7) << "an item nobody likes";
      if (x.user[r] == 0) ++counts[static_cast<size_t>(x.item[r])];  // user 9
    }
  }
  EXPECT_EQ(counts[0] + counts[6] + counts[7], 0);
  // User 9's one negative is item i = 1..5 with P(i) = (1 / (i + 1)) / sum.
  double total = 0;
  for (int i = 1; i <= 5; ++i) total += 1.0 / (i + 1);
  for (int i = 1; i <= 5; ++i) {
    const double p = 1.0 / (i + 1) / total, sd = std::sqrt(seeds * p * (1 - p));
    EXPECT_NEAR(counts[static_cast<size_t>(i)], seeds * p, 5 * sd) << "item " << i;
  }
}

TEST(NeighborSampling, IsolatedEntityIsAnError) {
  auto kg = star_graph();
  kg.n_entity = 15;  // entity 14 has no edge
  EXPECT_THROW(sample_neighbors(kg, 4, 1), DataError);
}

}  // namespace
}  // namespace emorec::data
