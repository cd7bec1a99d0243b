// Checkpoint serialisation through LibTorch archives and atomic replacement.
#include "train/checkpoint.h"

#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"

namespace emorec::train {
namespace {
constexpr int64_t kFormat = 1;
}

void save_checkpoint(const std::string& path, torch::nn::Module& model, torch::optim::Optimizer* optimizer,
                     const LoopState& state) {
  write_file_atomic(path, [&](std::ostream& out) {
    torch::serialize::OutputArchive archive;
    archive.write("emorec_checkpoint_format", torch::tensor(kFormat));
    archive.write("epochs_done", torch::tensor(state.epochs_done));
    archive.write("best_epoch", torch::tensor(state.best_epoch));
    archive.write("best_value", torch::tensor(state.best_value, torch::kFloat64));
    torch::serialize::OutputArchive model_archive;
    model.save(model_archive);
    archive.write("model", model_archive);
    if (optimizer) {
      torch::serialize::OutputArchive optim_archive;
      optimizer->save(optim_archive);
      archive.write("optimizer", optim_archive);
    }
    archive.save_to(out);
  });
}

LoopState load_checkpoint(const std::string& path, torch::nn::Module& model, torch::optim::Optimizer* optimizer) {
  if (!std::filesystem::is_regular_file(path)) throw RunError(path + ": no such checkpoint");
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    torch::Tensor t;
    if (!archive.try_read("emorec_checkpoint_format", t) || t.item<int64_t>() != kFormat) {
      throw RunError(path + ": not an EmoRec checkpoint of format " + std::to_string(kFormat));
    }
    LoopState state;
    archive.read("epochs_done", t);
    state.epochs_done = t.item<int64_t>();
    archive.read("best_epoch", t);
    state.best_epoch = t.item<int64_t>();
    archive.read("best_value", t);
    state.best_value = t.item<double>();
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    model.load(model_archive);
    if (optimizer) {
      torch::serialize::InputArchive optim_archive;
      if (!archive.try_read("optimizer", optim_archive)) throw RunError(path + ": holds no optimiser state");
      optimizer->load(optim_archive);
    }
    return state;
  } catch (const c10::Error& e) {
    throw RunError(path + ": cannot load the checkpoint (corrupt, truncated, or from another model): " +
                   e.what_without_backtrace());
  }
}

}  // namespace emorec::train
