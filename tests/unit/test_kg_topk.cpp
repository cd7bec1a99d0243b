// Top-K evaluation of KG recommenders (train/kg_topk.h): the full ranking against a hand-computed case, the
// sampled 1 + N protocol's lists (their size, what they may contain, ties), and the user sample.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "core/error.h"
#include "train/kg_topk.h"

namespace emorec::train {
namespace {

// 3 users, 6 items. Rows: (user, item, label, split).
data::KgDataset tiny() {
  data::KgDataset ds;
  auto& x = ds.interactions;
  x.n_user = 3, x.n_item = 6;
  struct Row { int64_t u, i; float label; char split; };
  const std::vector<Row> rows = {
      {0, 0, 1, 't'}, {0, 5, 0, 't'},                  // user 0 trains on item 0
      {0, 1, 1, 'x'}, {0, 3, 1, 'x'}, {0, 0, 1, 'x'},  // tests on 1 and 3 (0 is a training positive: dropped)
      {0, 4, 0, 'x'},
      {1, 2, 1, 't'}, {1, 4, 1, 'e'},                  // user 1: no test positive, not ranked
      {2, 5, 1, 'x'}, {2, 1, 1, 't'},                  // user 2 tests on item 5
  };
  for (size_t r = 0; r < rows.size(); ++r) {
    x.user.push_back(rows[r].u), x.item.push_back(rows[r].i), x.label.push_back(rows[r].label);
    auto& part = rows[r].split == 't' ? ds.split.train : rows[r].split == 'e' ? ds.split.eval : ds.split.test;
    part.push_back(static_cast<int64_t>(r));
  }
  return ds;
}

// A fixed score table [user][item].
PairScorer table_scorer(std::vector<std::vector<float>> table, std::vector<std::pair<int64_t, int64_t>>* seen = nullptr) {
  return [table, seen](const torch::Tensor& u, const torch::Tensor& i) {
    auto out = torch::empty({u.size(0)});
    for (int64_t r = 0; r < u.size(0); ++r) {
      const auto user = u[r].item<int64_t>(), item = i[r].item<int64_t>();
      if (seen) seen->emplace_back(user, item);
      out[r] = table[static_cast<size_t>(user)][static_cast<size_t>(item)];
    }
    return out;
  };
}

std::map<std::string, double> as_map(const std::vector<std::pair<std::string, double>>& v) {
  return std::map<std::string, double>(v.begin(), v.end());
}

TEST(KgTopK, FullRankingMatchesAHandComputedCase) {
  const auto ds = tiny();
  // User 0 ranks items 1..5 (item 0 is excluded): 2 (7), 1 (5), 4 (3), 3 (1), 5 (0); relevant {1, 3}.
  // User 2 ranks items 0, 2..5 (item 1 excluded): 5 (9) first; relevant {5}.
  const auto score = table_scorer({{9, 5, 7, 1, 3, 0}, {0, 0, 0, 0, 0, 0}, {1, 8, 2, 3, 4, 9}});
  TopKOptions o;
  o.cutoffs = {1, 2, 5};
  o.batch_pairs = 7;  // one user per scoring call
  const auto m = as_map(evaluate_topk(ds, score, o));
  const double l2 = 1 / std::log2(3.0), l3 = 1 / std::log2(4.0), l4 = 1 / std::log2(5.0);
  EXPECT_DOUBLE_EQ(m.at("lists"), 2);
  // K = 1: user 0 misses, user 2 hits.
  EXPECT_DOUBLE_EQ(m.at("precision@1"), (0 + 1) / 2.0);
  EXPECT_DOUBLE_EQ(m.at("recall@1"), (0 + 1) / 2.0);
  EXPECT_DOUBLE_EQ(m.at("ndcg@1"), (0 + 1) / 2.0);
  // K = 2: user 0 hits item 1 at rank 1 (0-based).
  EXPECT_DOUBLE_EQ(m.at("precision@2"), (0.5 + 0.5) / 2);
  EXPECT_DOUBLE_EQ(m.at("recall@2"), (0.5 + 1) / 2);
  EXPECT_NEAR(m.at("ndcg@2"), (l2 / (1 + l2) + 1) / 2, 1e-12);
  // K = 5: user 0 hits at ranks 1 and 3.
  EXPECT_DOUBLE_EQ(m.at("precision@5"), (2 / 5.0 + 1 / 5.0) / 2);
  EXPECT_DOUBLE_EQ(m.at("recall@5"), (1 + 1) / 2.0);
  EXPECT_NEAR(m.at("ndcg@5"), ((l2 + l4) / (1 + l2) + 1) / 2, 1e-12);
  (void)l3;
  // The same in one call.
  o.batch_pairs = 4096;
  EXPECT_EQ(as_map(evaluate_topk(ds, score, o)), m);
}

TEST(KgTopK, SampledListsHoldOnePositiveAndItemsTheUserNeverLiked) {
  const auto ds = tiny();
  // Scores that know the answer: each user's test positives score 10, everything else 0.
  std::vector<std::vector<float>> oracle(3, std::vector<float>(6, 0));
  oracle[0][1] = oracle[0][3] = oracle[2][5] = 10;
  std::vector<std::pair<int64_t, int64_t>> seen;
  TopKOptions o;
  o.protocol = TopKProtocol::kSampled;
  o.cutoffs = {1, 3, 4};
  o.negatives = 3;
  auto m = as_map(evaluate_topk(ds, table_scorer(oracle, &seen), o));
  EXPECT_DOUBLE_EQ(m.at("lists"), 3);  // user 0's items 1 and 3, user 2's item 5
  EXPECT_DOUBLE_EQ(m.at("recall@1"), 1);
  EXPECT_DOUBLE_EQ(m.at("ndcg@1"), 1);
  EXPECT_DOUBLE_EQ(m.at("precision@3"), 1 / 3.0);
  ASSERT_EQ(seen.size(), 3u * 4u);  // user 0 has 3 items never liked (2, 4, 5): lists of 3 + 1
  const std::map<int64_t, std::set<int64_t>> liked = {{0, {0, 1, 3}}, {2, {1, 5}}};
  std::map<int64_t, int> positives_listed;
  for (const auto& [u, i] : seen) {
    if (oracle[static_cast<size_t>(u)][static_cast<size_t>(i)] > 0) {
      ++positives_listed[u];
    } else {
      EXPECT_FALSE(liked.at(u).count(i)) << "user " << u << " item " << i << " is a positive of the user";
    }
  }
  EXPECT_EQ(positives_listed[0], 2);
  EXPECT_EQ(positives_listed[2], 1);
  // Scores that rank every positive last: no hit before K = N + 1.
  for (auto& row : oracle) {
    for (auto& s : row) s = -s;
  }
  m = as_map(evaluate_topk(ds, table_scorer(oracle), o));
  EXPECT_DOUBLE_EQ(m.at("recall@3"), 0);
  EXPECT_DOUBLE_EQ(m.at("recall@4"), 1);
  // Constant scores: the positive's place is random, so over many lists about 1 in N + 1 hits at K = 1.
  o.negatives = 3;
  double hits = 0;
  const int seeds = 400;
  for (int s = 0; s < seeds; ++s) {
    o.seed = static_cast<uint64_t>(s);
    hits += as_map(evaluate_topk(ds, table_scorer(std::vector<std::vector<float>>(3, std::vector<float>(6, 1))), o))
                .at("recall@1");
  }
  // Mean of 400 means of 3 lists, each a Bernoulli(1/4): sd = sqrt(0.25 * 0.75 / 1200) = 0.0125.
  EXPECT_NEAR(hits / seeds, 0.25, 5 * 0.0125);
}

TEST(KgTopK, SampledUsersAreSeededAndNoRelevantItemIsAnError) {
  const auto ds = tiny();
  const auto score = table_scorer({{9, 5, 7, 1, 3, 0}, {0, 0, 0, 0, 0, 0}, {1, 8, 2, 3, 4, 9}});
  TopKOptions o;
  o.max_users = 1;
  o.seed = 3;
  const auto a = as_map(evaluate_topk(ds, score, o));
  EXPECT_DOUBLE_EQ(a.at("lists"), 1);
  EXPECT_EQ(as_map(evaluate_topk(ds, score, o)), a);
  // Which user: only test users (0 and 2) are ever drawn, and the seed decides between them.
  std::set<int64_t> drawn;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    std::vector<std::pair<int64_t, int64_t>> seen;
    o.seed = seed;
    evaluate_topk(ds, table_scorer({{9, 5, 7, 1, 3, 0}, {0, 0, 0, 0, 0, 0}, {1, 8, 2, 3, 4, 9}}, &seen), o);
    std::set<int64_t> users;
    for (const auto& [u, i] : seen) users.insert(u);
    ASSERT_EQ(users.size(), 1u);
    drawn.insert(*users.begin());
  }
  EXPECT_EQ(drawn, (std::set<int64_t>{0, 2}));
  auto empty = ds;
  empty.split.test.clear();
  EXPECT_THROW(evaluate_topk(empty, score, o), RunError);
}

}  // namespace
}  // namespace emorec::train
