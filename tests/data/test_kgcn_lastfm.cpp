// The KGCN Last.FM loader and preprocessing on the real files: the paper's counts, and the negatives'
// properties.
#include <gtest/gtest.h>

#include <set>
#include <unordered_set>

#include "data/kg_dataset.h"
#include "data/kgcn_lastfm.h"
#include "test_util.h"

namespace emorec::data {
namespace {

std::string folder() { return test::data_root() + "/kgcn-lastfm"; }

TEST(KgcnLastfm, PreprocessingGivesThePapersCounts) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  const auto raw = load_kgcn_lastfm(folder(), 0.0, 555);
  EXPECT_EQ(raw.interactions.n_user, 1872);
  EXPECT_EQ(raw.interactions.n_item, 3846);
  EXPECT_EQ(raw.interactions.size(), 42346u);
  EXPECT_EQ(raw.interactions.positives(), 21173);
  EXPECT_EQ(raw.kg.n_entity, 9366);
  EXPECT_EQ(raw.kg.n_relation, 60);
  EXPECT_EQ(raw.kg.triples.size(), 15518u);
  EXPECT_EQ(raw.kg.relation_names.front(), "music.artist.origin");
}

// Mean number of users who like the negative items.
double mean_negative_popularity(const Interactions& x) {
  std::vector<int64_t> pop(static_cast<size_t>(x.n_item), 0);
  for (size_t i = 0; i < x.size(); ++i) pop[static_cast<size_t>(x.item[i])] += x.label[i] > 0.5f;
  double sum = 0, n = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x.label[i] < 0.5f) sum += static_cast<double>(pop[static_cast<size_t>(x.item[i])]), n += 1;
  }
  return sum / n;
}

TEST(KgcnLastfm, NegativeProtocolsShiftThePopularityOfNegatives) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  const double uniform = mean_negative_popularity(load_kgcn_lastfm(folder(), 0.0, 1).interactions);
  const double popular =
      mean_negative_popularity(load_kgcn_lastfm(folder(), 0.0, 1, NegativeSampling::kPopularity).interactions);
  const double inverse = mean_negative_popularity(
      load_kgcn_lastfm(folder(), 0.0, 1, NegativeSampling::kInversePopularity).interactions);
  // Positives average ~5.5 users per item (21,173 / 3,846); uniform negatives sit near that mean, weighted
  // ones far above it, inverse-weighted ones near the unpopular tail.
  EXPECT_GT(popular, 4 * uniform);
  EXPECT_LT(inverse, uniform / 2);
}

class NegativeProtocol : public ::testing::TestWithParam<NegativeSampling> {};

TEST_P(NegativeProtocol, OneUnseenNegativePerPositive) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  const auto raw = load_kgcn_lastfm(folder(), 0.0, 1, GetParam());
  const auto& x = raw.interactions;
  std::vector<std::unordered_set<int64_t>> pos(static_cast<size_t>(x.n_user)), neg(static_cast<size_t>(x.n_user));
  for (size_t i = 0; i < x.size(); ++i) {
    ASSERT_GE(x.item[i], 0);
    ASSERT_LT(x.item[i], x.n_item);
    auto& bucket = x.label[i] > 0.5f ? pos[static_cast<size_t>(x.user[i])] : neg[static_cast<size_t>(x.user[i])];
    EXPECT_TRUE(bucket.insert(x.item[i]).second) << "duplicate pair for user " << x.user[i];
  }
  for (size_t u = 0; u < pos.size(); ++u) {
    EXPECT_EQ(pos[u].size(), neg[u].size()) << "user " << u;
    for (int64_t i : neg[u]) EXPECT_FALSE(pos[u].count(i)) << "negative " << i << " is a positive of user " << u;
  }
}

INSTANTIATE_TEST_SUITE_P(AllProtocols, NegativeProtocol,
                         ::testing::Values(NegativeSampling::kUniform, NegativeSampling::kPopularity,
                                           NegativeSampling::kInversePopularity, NegativeSampling::kProportional),
                         [](const ::testing::TestParamInfo<NegativeSampling>& info) {
                           return negative_sampling_names()[static_cast<size_t>(info.param)];
                         });

TEST(KgcnLastfm, NegativesDependOnTheSeedOnly) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  const auto a = load_kgcn_lastfm(folder(), 0.0, 7), b = load_kgcn_lastfm(folder(), 0.0, 7),
             c = load_kgcn_lastfm(folder(), 0.0, 8);
  EXPECT_EQ(a.interactions.item, b.interactions.item);
  EXPECT_NE(a.interactions.item, c.interactions.item);
  EXPECT_EQ(a.interactions.size(), c.interactions.size());
}

TEST(KgcnLastfm, ThresholdDropsLightListens) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  const auto raw = load_kgcn_lastfm(folder(), 1000.0, 1);
  EXPECT_LT(raw.interactions.positives(), 21173);
  EXPECT_EQ(raw.interactions.size(), 2u * static_cast<size_t>(raw.interactions.positives()));
}

TEST(KgDataset, SplitAndNeighboursFromTheConfig) {
  EMOREC_REQUIRE_DATASET("kgcn-lastfm");
  config::DataConfig c;
  c.dataset = "kgcn-lastfm";
  c.root = test::data_root();
  c.options = config::make_options<LastfmDataConfig>();
  const auto ds = load_kg_dataset(c, 555);
  EXPECT_EQ(ds.split.eval.size(), 8469u);  // floor(42346 * 0.2)
  EXPECT_EQ(ds.split.test.size(), 8469u);
  EXPECT_EQ(ds.split.train.size(), 25408u);
  EXPECT_EQ(ds.neighbors.entity.size(), 9366u * 8u);
  for (int64_t e : ds.neighbors.entity) ASSERT_LT(e, 9366);
  for (int64_t r : ds.neighbors.relation) ASSERT_LT(r, 60);
}

}  // namespace
}  // namespace emorec::data
