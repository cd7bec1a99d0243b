// The checkpoints of a run folder (checkpoints/): files named by epoch, never overwritten
// (best-EPOCH.pt: the model; last-EPOCH.pt: model, optimiser and loop position), and checkpoints.json, the
// manifest naming the committed pair. Writing the manifest (atomically, last) commits an epoch, so a crash at
// any point leaves the previous epoch's pair: never a best model that no committed epoch owns. Files the
// manifest does not name, and temporaries of interrupted writes, are removed after each commit and when a
// run is opened again.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <string>

#include "train/checkpoint.h"

namespace emorec::run {

class RunCheckpoints {
 public:
  explicit RunCheckpoints(std::string folder) : folder_(std::move(folder)) {}

  // The committed file of "best" or "last". Throws RunError when nothing was committed. A folder written
  // before the manifest existed (best.pt and last.pt, no checkpoints.json) is read as it is.
  std::string path(const std::string& which) const;
  // True once an epoch has been committed.
  bool committed() const;

  // Writes epoch `epoch`'s checkpoints and commits them: best-EPOCH.pt when `improved`, last-EPOCH.pt, then
  // the manifest (best: state.best_epoch's file), then removes what the manifest no longer names.
  void commit(int64_t epoch, bool improved, torch::nn::Module& model, torch::optim::Optimizer& optimizer,
              const train::LoopState& state) const;

  // Removes the files the manifest does not name and stale temporaries; returns how many.
  int clean() const;

 private:
  std::string manifest() const { return folder_ + "/checkpoints.json"; }
  std::string folder_;
};

}  // namespace emorec::run
