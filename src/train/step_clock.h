// The wall time of a training epoch's steps split by phase, as bench/peers' PyTorch peers report theirs:
// data (gathering and preparing the batch), forward (the forward pass and the loss), backward (zero_grad and
// backward), optimizer (step) and other (reading the loss, running sums, the progress bar). CPU operators run
// synchronously, so there a phase's time is its work. CUDA launches are asynchronous, so on a GPU the split
// would measure launches only: it is not kept there (`enabled()` is false).
#pragma once
#include <torch/torch.h>

#include <array>
#include <chrono>

namespace emorec::train {

struct StepPhases {
  static constexpr std::array<const char*, 5> kNames{"data", "forward", "backward", "optimizer", "other"};
  enum Phase { kData, kForward, kBackward, kOptimizer, kOther };
  std::array<double, kNames.size()> seconds{};
  bool measured = false;  // false on CUDA: see above
};

class StepClock {
 public:
  explicit StepClock(torch::Device device) { phases_.measured = !device.is_cuda(); }
  // Starts the clock of a step.
  void start() {
    if (phases_.measured) last_ = std::chrono::steady_clock::now();
  }
  // Adds the time since start() or the previous lap() to `phase`.
  void lap(StepPhases::Phase phase) {
    if (!phases_.measured) return;
    const auto now = std::chrono::steady_clock::now();
    phases_.seconds[phase] += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }
  const StepPhases& phases() const { return phases_; }

 private:
  StepPhases phases_;
  std::chrono::steady_clock::time_point last_;
};

// zero_grad, backward and the optimiser's step, timed as the backward and optimizer phases.
inline void backward_and_step(const torch::Tensor& loss, torch::optim::Optimizer& optimizer, StepClock& clock) {
  optimizer.zero_grad();
  loss.backward();
  clock.lap(StepPhases::kBackward);
  optimizer.step();
  clock.lap(StepPhases::kOptimizer);
}

}  // namespace emorec::train
