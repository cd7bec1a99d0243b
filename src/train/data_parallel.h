// What every trainer does to train data-parallel over the process group (dist/world.h): each rank takes a
// contiguous shard of every global batch and of every evaluated split, its gradients are weighted by its share
// of the batch and summed over ranks (dist/grad_sync.h), and the epoch's sums and the evaluations' results are
// gathered so that every rank holds the global ones. Rank 0's parameters reach every rank at the start.
// Random draws inside a step (augmentation, dropout) come from streams derived from (seed, stream, rank): a run
// is reproducible for a given world size; rank 0 of any world draws what a single process draws.
// In a single process (world size 1) every call is a pass-through.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "config/experiment.h"
#include "dist/grad_sync.h"
#include "dist/world.h"
#include "metrics/multiclass.h"
#include "train/step_clock.h"

namespace emorec::train {

class DataParallel {
 public:
  // Broadcasts rank 0's parameters and buffers and prepares the gradient buckets of `params`.
  DataParallel(const config::ExperimentConfig& config, torch::nn::Module& module);

  bool active() const { return world_.distributed(); }
  int rank() const { return world_.rank(); }
  int size() const { return world_.size(); }

  // This rank's rows of a global batch (int64 [B]) and its share of the batch (its rows / B).
  torch::Tensor shard(const torch::Tensor& rows) const;
  double share(int64_t global_rows) const;
  // This rank's part [begin, end) of n evaluation rows.
  dist::Shard eval_shard(int64_t n) const { return dist::shard_of(n, world_.rank(), world_.size()); }

  // Around the backward pass; finish() waits for the gradients of the global batch (the "communication" lap).
  void begin(int64_t global_rows, int64_t local_rows);
  void finish(StepClock& clock);

  // Sums over ranks, in place (doubles: epoch statistics, evaluation counts; floats: values of rows each rank
  // filled in its own shard, zero elsewhere, so that the sum is every rank's values).
  void sum(std::vector<double>& values);
  void sum(std::vector<float>& values);
  // A classification evaluation's confusion matrix and loss sum, summed over ranks.
  void sum(metrics::Confusion& confusion, double* loss_sum);
  // Batch-norm running statistics averaged over ranks (after each training epoch).
  void sync_buffers();

  // `seed` itself for rank 0, a stream derived from (seed, rank) for the others.
  uint64_t rank_seed(uint64_t seed) const;

 private:
  dist::World& world_;
  torch::nn::Module& module_;
  std::unique_ptr<dist::GradientSync> sync_;
};

// RunError for a non-finite training loss `value` at 0-based `epoch` and `step`, naming them (1-based), the rank
// under emorec launch, and `hint` (what to try).
void check_finite_loss(double value, int64_t epoch, int64_t step, const DataParallel& dp,
                       const std::string& hint = "try a lower train.optimizer.lr");

// zero_grad, backward, the data-parallel gradient exchange (when `dp` is active) and the optimiser's step, timed
// as the backward, communication and optimizer phases.
inline void backward_and_step(const torch::Tensor& loss, torch::optim::Optimizer& optimizer, StepClock& clock,
                              DataParallel& dp, int64_t global_rows, int64_t local_rows) {
  optimizer.zero_grad();
  dp.begin(global_rows, local_rows);
  if (local_rows > 0) loss.backward();
  clock.lap(StepPhases::kBackward);
  dp.finish(clock);
  optimizer.step();
  clock.lap(StepPhases::kOptimizer);
}

}  // namespace emorec::train
