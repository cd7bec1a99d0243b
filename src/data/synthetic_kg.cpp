// The synthetic multimodal KG generator. Every draw comes from emorec's platform-independent Rng streams.
#include "data/synthetic_kg.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "core/rng.h"
#include "data/implicit_feedback.h"

namespace emorec::data {
namespace {

// Standard normal by Box-Muller over uniform01 (the same on every standard library).
double normal(Rng& rng) {
  const double u1 = 1.0 - uniform01(rng), u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

using Matrix = std::vector<std::vector<double>>;

Matrix gaussian(int64_t rows, int64_t cols, double scale, Rng& rng) {
  Matrix m(static_cast<size_t>(rows), std::vector<double>(static_cast<size_t>(cols)));
  for (auto& row : m) {
    for (auto& v : row) v = scale * normal(rng);
  }
  return m;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

void check(const SyntheticOptions& o) {
  auto fail = [](const std::string& what) { throw ConfigError("data.synthetic: " + what); };
  if (o.users < 1 || o.items < 2 || o.attributes < 1 || o.relations < 1 || o.latent < 1 || o.modal_width < 1) {
    fail("users, latent, modal_width, attributes and relations must be >= 1 and items >= 2");
  }
  if (o.links_per_item < 1 || o.links_per_item > o.attributes) fail("links_per_item must be in [1, attributes]");
  if (o.positives_per_user < 1 || 2 * o.positives_per_user > o.items) {
    fail("positives_per_user must be in [1, items/2] (each positive needs an unseen item as its negative)");
  }
  double total = o.graph_share;
  for (double s : o.modal_shares) total += s;
  if (o.graph_share < 0 || total > 1 + 1e-9 ||
      std::any_of(o.modal_shares.begin(), o.modal_shares.end(), [](double s) { return s < 0; })) {
    fail("graph_share and modal_shares must be >= 0 and sum to at most 1 (the rest is noise)");
  }
  if (o.modal_missing < 0 || o.modal_missing >= 1) fail("modal_missing must be in [0, 1)");
  if (o.feature_noise < 0) fail("feature_noise must be >= 0");
}

}  // namespace

SyntheticData generate_synthetic_kg(const SyntheticOptions& o, uint64_t seed, NegativeSampling negatives) {
  check(o);
  const auto L = static_cast<size_t>(o.latent);
  Rng graph_rng(derive_seed(seed, "synthetic/graph"));
  SyntheticData out;
  KnowledgeGraph& kg = out.raw.kg;
  // Entities: items 0..items-1, then the attributes that at least one item links to (in first-link order;
  // an attribute without a link would be an entity without neighbours).
  kg.n_relation = o.relations;
  std::vector<int64_t> attribute_entity(static_cast<size_t>(o.attributes), -1);
  int64_t next_entity = o.items;
  for (int64_t r = 0; r < o.relations; ++r) kg.relation_names.push_back("synthetic_relation_" + std::to_string(r));
  const Matrix attribute = gaussian(o.attributes, o.latent, 1.0, graph_rng);
  Matrix graph_factor(static_cast<size_t>(o.items), std::vector<double>(L, 0.0));
  std::vector<int64_t> pool(static_cast<size_t>(o.attributes));
  for (int64_t i = 0; i < o.items; ++i) {
    std::iota(pool.begin(), pool.end(), 0);
    for (int64_t l = 0; l < o.links_per_item; ++l) {  // a partial Fisher-Yates draw of distinct attributes
      const auto j = l + static_cast<int64_t>(uniform_below(graph_rng, static_cast<uint64_t>(o.attributes - l)));
      std::swap(pool[static_cast<size_t>(l)], pool[static_cast<size_t>(j)]);
      const int64_t e = pool[static_cast<size_t>(l)];
      auto& entity = attribute_entity[static_cast<size_t>(e)];
      if (entity < 0) entity = next_entity++;
      kg.triples.push_back({i, e % o.relations, entity});
      for (size_t d = 0; d < L; ++d) graph_factor[static_cast<size_t>(i)][d] += attribute[static_cast<size_t>(e)][d];
    }
    for (auto& v : graph_factor[static_cast<size_t>(i)]) v /= std::sqrt(static_cast<double>(o.links_per_item));
  }
  kg.n_entity = next_entity;
  // Modalities: latents, and the features that show them.
  std::vector<Matrix> modal_latent;
  for (size_t j = 0; j < o.modal_shares.size(); ++j) {
    Rng rng(derive_seed(seed, "synthetic/modality", j));
    modal_latent.push_back(gaussian(o.items, o.latent, 1.0, rng));
    const Matrix w = gaussian(o.modal_width, o.latent, 1.0 / std::sqrt(static_cast<double>(o.latent)), rng);
    ModalityTable t;
    t.name = "synthetic_modal_" + std::to_string(j);
    t.width = o.modal_width;
    t.values.assign(static_cast<size_t>(o.items * o.modal_width), 0.0f);
    t.present.assign(static_cast<size_t>(o.items), 1);
    for (int64_t i = 0; i < o.items; ++i) {
      if (uniform01(rng) < o.modal_missing) {
        t.present[static_cast<size_t>(i)] = 0;
        continue;
      }
      for (int64_t c = 0; c < o.modal_width; ++c) {
        const double v = dot(w[static_cast<size_t>(c)], modal_latent.back()[static_cast<size_t>(i)]) +
                         o.feature_noise * normal(rng);
        t.values[static_cast<size_t>(i * o.modal_width + c)] = static_cast<float>(v);
      }
    }
    out.modalities.push_back(std::move(t));
  }
  // Users: affinities and their top items.
  double noise_share = 1.0 - o.graph_share;
  for (double s : o.modal_shares) noise_share -= s;
  noise_share = std::max(0.0, noise_share);
  Rng user_rng(derive_seed(seed, "synthetic/users"));
  std::vector<RatedItem> rows;
  std::vector<double> affinity(static_cast<size_t>(o.items));
  std::vector<int64_t> order(static_cast<size_t>(o.items));
  for (int64_t u = 0; u < o.users; ++u) {
    const Matrix p = gaussian(1 + static_cast<int64_t>(o.modal_shares.size()), o.latent, 1.0, user_rng);
    for (int64_t i = 0; i < o.items; ++i) {
      double s = std::sqrt(o.graph_share) * dot(p[0], graph_factor[static_cast<size_t>(i)]);
      for (size_t j = 0; j < o.modal_shares.size(); ++j) {
        s += std::sqrt(o.modal_shares[j]) * dot(p[j + 1], modal_latent[j][static_cast<size_t>(i)]);
      }
      s += std::sqrt(noise_share * static_cast<double>(o.latent)) * normal(user_rng);
      affinity[static_cast<size_t>(i)] = s;
    }
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + o.positives_per_user, order.end(), [&](int64_t a, int64_t b) {
      return affinity[static_cast<size_t>(a)] > affinity[static_cast<size_t>(b)] ||
             (affinity[static_cast<size_t>(a)] == affinity[static_cast<size_t>(b)] && a < b);
    });
    for (int64_t r = 0; r < o.positives_per_user; ++r) rows.push_back({u, order[static_cast<size_t>(r)], 1.0});
  }
  out.raw.interactions =
      label_interactions(rows, o.items, 1.0, derive_seed(seed, "synthetic/negatives"), negatives, "synthetic data");
  return out;
}

}  // namespace emorec::data
