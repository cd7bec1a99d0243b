// Checkpoints: model and optimiser state plus the loop's position, written atomically.
#pragma once
#include <torch/torch.h>

#include <string>
#include <vector>

#include "train/schedule.h"

namespace emorec::train {

struct LoopState {
  int64_t epochs_done = 0;  // completed epochs
  int64_t best_epoch = 0;   // 1-based epoch with the best eval metric so far; 0 before any
  double best_value = -1;   // that metric's value
  std::string best_record;  // the caller's record of the best epoch's metrics (JSON text), stored verbatim
  PlateauState plateau;     // the plateau schedule's state
  bool stopped_early = false;  // early stopping ended the run
};

// Writes `path` atomically (temporary file, fsync, rename): an interrupted save keeps the previous file.
void save_checkpoint(const std::string& path, torch::nn::Module& model, torch::optim::Optimizer* optimizer,
                     const LoopState& state);

// Restores into `model` (and `optimizer` if given). Throws RunError naming the file if it is missing,
// corrupt, or does not match the model.
LoopState load_checkpoint(const std::string& path, torch::nn::Module& model, torch::optim::Optimizer* optimizer);

}  // namespace emorec::train
