// Label-free and trivial mood classifiers, fitted in closed form on the training rows.
//   MajorityClass: every track gets the training rows' class frequencies (add-one smoothed; the most frequent
//   class wins).
//   KMeansClassifier: the clustering seed's method. k-means (k-means++ seeding, Lloyd iterations, the best of
//   several restarts by inertia) on the training rows' features without their labels; each cluster is then
//   named by the majority label of its training rows, and a track gets the label make-up of its nearest
//   cluster (add-one smoothed), so the prediction is that cluster's majority label.
#pragma once
#include <cstdint>

#include "core/rng.h"
#include "models/tracks/track_model.h"

namespace emorec::models {

class MajorityClass : public TrackModel {
 public:
  explicit MajorityClass(int64_t classes);
  torch::Tensor forward(torch::Tensor x) override;
  bool closed_form() const override { return true; }
  void fit(const torch::Tensor& x, const torch::Tensor& y) override;

 private:
  torch::Tensor log_prior_;  // [classes]
};

struct KMeansOptions {
  int64_t clusters = 4;
  int64_t iterations = 300;  // Lloyd iterations at most, per restart
  int64_t restarts = 10;     // k-means++ seedings; the lowest inertia wins
};

class KMeansClassifier : public TrackModel {
 public:
  KMeansClassifier(int64_t features, int64_t classes, KMeansOptions options, uint64_t seed);
  torch::Tensor forward(torch::Tensor x) override;
  bool closed_form() const override { return true; }
  void fit(const torch::Tensor& x, const torch::Tensor& y) override;
  const torch::Tensor& centroids() const { return centroids_; }

 private:
  KMeansOptions options_;
  uint64_t seed_;
  torch::Tensor centroids_;    // [clusters, features]
  torch::Tensor cluster_log_;  // [clusters, classes]: log of each cluster's smoothed label make-up
};

// k-means on x [N, F] (float): returns the centroids [k, F] of the restart with the lowest inertia.
torch::Tensor kmeans(const torch::Tensor& x, int64_t k, int64_t iterations, int64_t restarts, Rng& rng);

}  // namespace emorec::models
