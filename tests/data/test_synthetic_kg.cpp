// The synthetic multimodal KG: shapes, determinism by seed, negatives never positives, bad options rejected,
// and where the preference lives: with all of it in one modality, that modality's features predict the
// positives (an oracle check on the generated data itself, independent of any model).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "core/error.h"
#include "data/synthetic_kg.h"
#include "metrics/classification.h"

namespace emorec::data {
namespace {

SyntheticOptions small() {
  SyntheticOptions o;
  o.users = 60, o.items = 80, o.attributes = 30, o.relations = 3, o.links_per_item = 2, o.positives_per_user = 8;
  o.modal_width = 12;
  return o;
}

TEST(SyntheticKg, ShapesAndCounts) {
  const auto d = generate_synthetic_kg(small(), 1, NegativeSampling::kUniform);
  EXPECT_EQ(d.raw.interactions.n_user, 60);
  EXPECT_EQ(d.raw.interactions.n_item, 80);
  EXPECT_EQ(d.raw.interactions.positives(), 60 * 8);
  EXPECT_EQ(d.raw.interactions.size(), 2u * 60 * 8);
  EXPECT_LE(d.raw.kg.n_entity, 80 + 30);  // attributes no item links to are dropped
  std::set<int64_t> tails;
  for (const auto& t : d.raw.kg.triples) tails.insert(t[2]);
  EXPECT_EQ(static_cast<int64_t>(tails.size()), d.raw.kg.n_entity - 80);  // every attribute entity has an edge
  EXPECT_EQ(d.raw.kg.n_relation, 3);
  EXPECT_EQ(d.raw.kg.triples.size(), 80u * 2);
  ASSERT_EQ(d.modalities.size(), 2u);
  EXPECT_EQ(d.modalities[0].width, 12);
  EXPECT_EQ(d.modalities[0].values.size(), 80u * 12);
  for (const auto& t : d.raw.kg.triples) {
    EXPECT_LT(t[0], 80);   // heads are items
    EXPECT_GE(t[2], 80);   // tails are attributes
    EXPECT_LT(t[1], 3);
  }
}

TEST(SyntheticKg, DeterministicBySeed) {
  const auto a = generate_synthetic_kg(small(), 5, NegativeSampling::kPopularity);
  const auto b = generate_synthetic_kg(small(), 5, NegativeSampling::kPopularity);
  const auto c = generate_synthetic_kg(small(), 6, NegativeSampling::kPopularity);
  EXPECT_EQ(a.raw.interactions.item, b.raw.interactions.item);
  EXPECT_EQ(a.modalities[1].values, b.modalities[1].values);
  EXPECT_EQ(a.raw.kg.triples, b.raw.kg.triples);
  EXPECT_NE(a.raw.interactions.item, c.raw.interactions.item);
}

TEST(SyntheticKg, NegativesAreNeverPositivesAndMissingModalitiesAreMarked) {
  auto o = small();
  o.modal_missing = 0.25;
  const auto d = generate_synthetic_kg(o, 2, NegativeSampling::kUniform);
  const auto& x = d.raw.interactions;
  std::set<std::pair<int64_t, int64_t>> pos;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x.label[i] > 0.5f) pos.insert({x.user[i], x.item[i]});
  }
  for (size_t i = 0; i < x.size(); ++i) {
    if (x.label[i] < 0.5f) {
      EXPECT_FALSE(pos.count({x.user[i], x.item[i]}));
    }
  }
  int64_t missing = 0;
  for (auto p : d.modalities[0].present) missing += p == 0;
  EXPECT_GT(missing, 80 * 0.1);  // about 20 of 80 (binomial, seed fixed)
  EXPECT_LT(missing, 80 * 0.4);
}

// AUC of scoring each (user, item) row by a least-squares fit, per user, of its labels on `features` rows.
double per_user_fit_auc(const Interactions& x, const ModalityTable& t) {
  const auto f = torch::from_blob(const_cast<float*>(t.values.data()), {x.n_item, t.width}).to(torch::kDouble);
  std::vector<float> scores(x.size()), labels(x.size());
  for (int64_t u = 0; u < x.n_user; ++u) {
    std::vector<int64_t> rows;
    for (size_t i = 0; i < x.size(); ++i) {
      if (x.user[i] == u) rows.push_back(static_cast<int64_t>(i));
    }
    std::vector<int64_t> items;
    std::vector<double> y;
    for (auto r : rows) items.push_back(x.item[static_cast<size_t>(r)]), y.push_back(x.label[static_cast<size_t>(r)] * 2 - 1);
    // Score each of the user's rows by a fit on the other half of its rows (alternate rows: a held-out split).
    for (size_t k = 0; k < rows.size(); ++k) {
      std::vector<int64_t> fit_items;
      std::vector<double> fit_y;
      for (size_t j = 0; j < rows.size(); ++j) {
        if (j % 2 != k % 2) fit_items.push_back(items[j]), fit_y.push_back(y[j]);
      }
      const auto fa = f.index_select(0, torch::tensor(fit_items));
      const auto fw = std::get<0>(torch::linalg_lstsq(fa, torch::tensor(fit_y, torch::kDouble).view({-1, 1})));
      scores[static_cast<size_t>(rows[k])] = static_cast<float>(f[items[k]].dot(fw.view({-1})).item<double>());
      labels[static_cast<size_t>(rows[k])] = x.label[static_cast<size_t>(rows[k])];
    }
  }
  return metrics::roc_auc(scores, labels);
}

TEST(SyntheticKg, PreferenceLivesWhereTheSharesSay) {
  auto o = small();
  o.users = 40, o.items = 200, o.positives_per_user = 40, o.latent = 4, o.modal_width = 8;
  o.graph_share = 0.0, o.modal_shares = {1.0, 0.0};
  const auto d = generate_synthetic_kg(o, 3, NegativeSampling::kUniform);
  // Held-out AUC of a per-user linear fit on each modality's features: modality 0 carries everything,
  // modality 1 nothing.
  const double carrying = per_user_fit_auc(d.raw.interactions, d.modalities[0]);
  const double empty = per_user_fit_auc(d.raw.interactions, d.modalities[1]);
  EXPECT_GT(carrying, 0.85);
  EXPECT_LT(std::abs(empty - 0.5), 0.1);
}

TEST(SyntheticKg, RejectsInconsistentOptions) {
  auto o = small();
  o.modal_shares = {0.5, 0.5};  // with graph_share 0.3: 1.3
  EXPECT_THROW(generate_synthetic_kg(o, 1, NegativeSampling::kUniform), ConfigError);
  o = small();
  o.positives_per_user = 41;  // more than half of 80 items
  EXPECT_THROW(generate_synthetic_kg(o, 1, NegativeSampling::kUniform), ConfigError);
  o = small();
  o.links_per_item = 31;
  EXPECT_THROW(generate_synthetic_kg(o, 1, NegativeSampling::kUniform), ConfigError);
}

}  // namespace
}  // namespace emorec::data

// data.negatives switches the protocol end to end: on the same generated data, the mean popularity of the
// drawn negatives orders popularity > uniform > inverse_popularity and proportional, and proportional never
// draws an item nobody likes (NegativeSampling.ProportionalNegativesOfLabelledInteractions checks that on a
// case that has such items).
namespace emorec::data {
namespace {

TEST(SyntheticKg, NegativeProtocolsShiftThePopularityOfNegatives) {
  SyntheticOptions o = small();
  o.users = 200, o.items = 300, o.positives_per_user = 20;
  std::map<std::string, std::pair<double, double>> stats;  // protocol -> mean popularity of negatives, its SE
  for (const std::string name : {"uniform", "popularity", "inverse_popularity", "proportional"}) {
    const auto d = generate_synthetic_kg(o, 4, parse_negative_sampling(name));
    const auto& x = d.raw.interactions;
    std::vector<int64_t> popularity(static_cast<size_t>(x.n_item), 0);
    for (size_t r = 0; r < x.size(); ++r) popularity[static_cast<size_t>(x.item[r])] += x.label[r] > 0.5f;
    std::vector<double> drawn;
    int64_t unliked = 0;
    for (size_t r = 0; r < x.size(); ++r) {
      if (x.label[r] > 0.5f) continue;
      const auto p = popularity[static_cast<size_t>(x.item[r])];
      drawn.push_back(static_cast<double>(p)), unliked += p == 0;
    }
    double mean = 0, var = 0;
    for (double v : drawn) mean += v / static_cast<double>(drawn.size());
    for (double v : drawn) var += (v - mean) * (v - mean) / static_cast<double>(drawn.size() - 1);
    stats[name] = {mean, std::sqrt(var / static_cast<double>(drawn.size()))};
    if (name == "proportional") {
      EXPECT_EQ(unliked, 0);
    }
  }
  // Means measured at this commit: uniform 13.0, popularity 15.3, inverse_popularity 10.7, proportional 10.3
  // (4,000 negatives each). Each ordering must hold by more than 5 standard errors of the difference.
  auto above = [&](const std::string& hi, const std::string& lo) {
    const double se = std::hypot(stats[hi].second, stats[lo].second);
    EXPECT_GT(stats[hi].first - stats[lo].first, 5 * se) << hi << " " << stats[hi].first << " vs " << lo << " "
                                                         << stats[lo].first << " (se " << se << ")";
  };
  above("popularity", "uniform");
  above("uniform", "inverse_popularity");
  above("uniform", "proportional");
}

}  // namespace
}  // namespace emorec::data
