// The wall time of a training epoch's steps split by phase, as bench/peers' PyTorch peers report theirs:
// data (gathering and preparing the batch), forward (the forward pass and the loss), backward (zero_grad and
// backward), optimizer (step), other (reading the loss, running sums, the progress bar) and communication
// (data-parallel runs: waiting for the gradients' all-reduce after the backward pass, train/data_parallel.h).
// CPU operators run synchronously, so there a phase's time is its work. CUDA launches are asynchronous, so on
// a GPU the split would measure launches only: it is not kept there (`enabled()` is false).
#pragma once
#include <torch/torch.h>

#include <array>
#include <chrono>

namespace emorec::train {

struct StepPhases {
  static constexpr std::array<const char*, 6> kNames{"data",      "forward", "backward",
                                                     "optimizer", "other",   "communication"};
  enum Phase { kData, kForward, kBackward, kOptimizer, kOther, kComm };
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

}  // namespace emorec::train
