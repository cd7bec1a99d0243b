// LibTorch's Adam with its update done by ATen's fused kernel (`_fused_adam_`, one pass over each parameter
// instead of about ten tensor operations), on the CPU and on CUDA. The optimiser state is torch::optim::Adam's
// (exp_avg, exp_avg_sq, step), so checkpoints of either load into the other. The update is Adam's with
// coupled weight decay, as torch::optim::Adam's; the fused kernel orders its float operations differently,
// so the two agree to rounding (tests/unit/test_optimizer.cpp), not bit for bit.
#pragma once
#include <torch/torch.h>

#include <vector>

namespace emorec::train {

class FusedAdam : public torch::optim::Adam {
 public:
  FusedAdam(const std::vector<torch::Tensor>& params, const torch::optim::AdamOptions& options)
      : torch::optim::Adam(params, options) {}
  // A closure is not supported (EmoRec's trainers take none).
  torch::Tensor step(LossClosure closure = nullptr) override;
};

}  // namespace emorec::train
