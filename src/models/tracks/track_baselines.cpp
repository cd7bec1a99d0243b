#include "models/tracks/track_baselines.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace emorec::models {

MajorityClass::MajorityClass(int64_t classes) {
  log_prior_ = register_buffer("log_prior", torch::full({classes}, -std::log(static_cast<double>(classes))));
}

torch::Tensor MajorityClass::forward(torch::Tensor x) { return log_prior_.unsqueeze(0).expand({x.size(0), -1}); }

void MajorityClass::fit(const torch::Tensor&, const torch::Tensor& y) {
  const auto counts = torch::bincount(y.cpu(), {}, log_prior_.size(0)).to(torch::kDouble);
  torch::NoGradGuard no_grad;
  log_prior_.copy_(((counts + 1) / (counts.sum() + static_cast<double>(counts.size(0)))).log());
}

namespace {

// Squared distances [N, k] from every row to every centroid.
torch::Tensor squared_distances(const torch::Tensor& x, const torch::Tensor& c) {
  return (x.unsqueeze(1) - c.unsqueeze(0)).pow(2).sum(2);
}

// k-means++ seeding: the first centre uniformly, each next one with probability proportional to the squared
// distance to the nearest centre chosen so far.
torch::Tensor seed_centres(const torch::Tensor& x, int64_t k, Rng& rng) {
  const int64_t n = x.size(0);
  std::vector<int64_t> chosen = {static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(n)))};
  auto d2 = squared_distances(x, x.index_select(0, torch::tensor(chosen))).squeeze(1).to(torch::kDouble);
  while (static_cast<int64_t>(chosen.size()) < k) {
    const double total = d2.sum().item<double>();
    int64_t next = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(n)));
    if (total > 0) {
      const auto cum = d2.cumsum(0);
      const double u = uniform01(rng) * total;
      next = std::min<int64_t>(torch::searchsorted(cum, torch::tensor({u}, torch::kDouble), false, true).item<int64_t>(), n - 1);
    }
    chosen.push_back(next);
    d2 = torch::minimum(d2, squared_distances(x, x[next].unsqueeze(0)).squeeze(1).to(torch::kDouble));
  }
  return x.index_select(0, torch::tensor(chosen)).clone();
}

}  // namespace

torch::Tensor kmeans(const torch::Tensor& x, int64_t k, int64_t iterations, int64_t restarts, Rng& rng) {
  if (x.size(0) < k) {
    throw std::invalid_argument("k-means with " + std::to_string(k) + " clusters needs at least as many rows, got " +
                                std::to_string(x.size(0)));
  }
  torch::NoGradGuard no_grad;
  torch::Tensor best;
  double best_inertia = std::numeric_limits<double>::infinity();
  for (int64_t r = 0; r < restarts; ++r) {
    auto c = seed_centres(x, k, rng);
    torch::Tensor assign;
    for (int64_t it = 0; it < iterations; ++it) {
      const auto next = squared_distances(x, c).argmin(1);
      if (assign.defined() && torch::equal(next, assign)) break;
      assign = next;
      for (int64_t j = 0; j < k; ++j) {
        const auto members = (assign == j).nonzero().squeeze(1);
        if (members.numel() > 0) c[j] = x.index_select(0, members).mean(0);  // an empty cluster keeps its centre
      }
    }
    const double inertia = squared_distances(x, c).amin(1).sum().item<double>();
    if (inertia < best_inertia) best_inertia = inertia, best = c;
  }
  return best;
}

KMeansClassifier::KMeansClassifier(int64_t features, int64_t classes, KMeansOptions options, uint64_t seed)
    : options_(options), seed_(seed) {
  centroids_ = register_buffer("centroids", torch::zeros({options.clusters, features}));
  cluster_log_ = register_buffer("cluster_log_probs",
                                 torch::full({options.clusters, classes}, -std::log(static_cast<double>(classes))));
}

torch::Tensor KMeansClassifier::forward(torch::Tensor x) {
  return cluster_log_.index_select(0, squared_distances(x, centroids_).argmin(1));
}

void KMeansClassifier::fit(const torch::Tensor& x, const torch::Tensor& y) {
  Rng rng(seed_);
  const auto xs = x.cpu().to(torch::kFloat);
  const auto c = kmeans(xs, options_.clusters, options_.iterations, options_.restarts, rng);
  const auto assign = squared_distances(xs, c).argmin(1);
  const int64_t classes = cluster_log_.size(1);
  auto counts = torch::ones({options_.clusters, classes}, torch::kDouble);  // add-one smoothing
  const auto yc = y.cpu();
  auto ca = counts.accessor<double, 2>();
  const auto aa = assign.accessor<int64_t, 1>();
  const auto ya = yc.accessor<int64_t, 1>();
  for (int64_t i = 0; i < xs.size(0); ++i) ca[aa[i]][ya[i]] += 1;
  torch::NoGradGuard no_grad;
  centroids_.copy_(c);
  cluster_log_.copy_((counts / counts.sum(1, true)).log());
}

}  // namespace emorec::models
