// Data-parallel gradients, as PyTorch's DistributedDataParallel computes them: every rank's gradients, scaled by
// its share of the global batch, are summed over ranks in buckets of about `bucket_mb`, so that every rank ends
// the step with the gradient of the global batch's mean loss. With `overlap`, a bucket's all-reduce starts from
// the gradient hooks as soon as the backward pass has produced all of its gradients, while the backward goes on;
// buckets start in a fixed order on every rank (a bucket that is not complete waits, and so do those after it),
// as the collectives must match. A parameter no rank produced a gradient for keeps an undefined gradient, as in
// a single-process step (one flag per parameter travels with its bucket).
#pragma once
#include <torch/torch.h>

#include <memory>
#include <vector>

#include "dist/world.h"

namespace emorec::dist {

class GradientSync {
 public:
  // `params`: the trainable parameters (floating point, dense or with sparse gradients), in registration order.
  GradientSync(World& world, std::vector<torch::Tensor> params, double bucket_mb, bool overlap);
  ~GradientSync();
  GradientSync(const GradientSync&) = delete;
  GradientSync& operator=(const GradientSync&) = delete;

  // Before the backward pass: this rank's rows over the global batch's rows.
  void begin(double share);
  // After the backward pass: every parameter's gradient is the global batch's. RunError when a collective fails.
  void finish();

  int64_t buckets() const { return static_cast<int64_t>(buckets_.size()); }

 private:
  struct Slot {
    torch::Tensor param;
    int64_t bucket = 0, offset = 0, numel = 0, flag = 0;  // flag: index of its "has a gradient" entry
    unsigned hook = 0;
    bool hooked = false, ready = false;
  };
  struct Bucket {
    torch::Tensor buffer;  // the gradients, flattened, then one flag per parameter
    std::vector<int64_t> slots;
    int64_t pending = 0;  // slots still without a gradient this step
    std::unique_ptr<Pending> work;
  };
  void on_gradient(int64_t slot, const torch::Tensor& grad);
  void launch_ready();

  World& world_;
  std::vector<Slot> slots_;
  std::vector<Bucket> buckets_;
  int64_t next_launch_ = 0;
  double share_ = 1;
  bool overlap_ = false, active_ = false;
};

// Rank 0's parameters and buffers on every rank (at the start of training, and after a resume).
void broadcast_module(World& world, torch::nn::Module& module);
// Floating-point buffers (batch-norm running statistics) averaged over ranks, so that evaluation on every rank
// uses the same model; batch statistics inside a training step stay per rank.
void average_buffers(World& world, torch::nn::Module& module);

}  // namespace emorec::dist
