// Checkpoint serialisation through LibTorch archives and atomic replacement.
#include "train/checkpoint.h"

#include <filesystem>
#include <utility>
#include <vector>

#include "core/atomic_file.h"
#include "core/error.h"

namespace emorec::train {
namespace {
constexpr int64_t kFormat = 2;
}

void save_checkpoint(const std::string& path, torch::nn::Module& model, torch::optim::Optimizer* optimizer,
                     const LoopState& state) {
  write_file_atomic(path, [&](std::ostream& out) {
    torch::serialize::OutputArchive archive;
    archive.write("emorec_checkpoint_format", torch::tensor(kFormat));
    archive.write("epochs_done", torch::tensor(state.epochs_done));
    archive.write("best_epoch", torch::tensor(state.best_epoch));
    archive.write("best_value", torch::full({}, state.best_value, torch::dtype(torch::kFloat64)));
    const std::vector<uint8_t> record(state.best_record.begin(), state.best_record.end());
    archive.write("best_record", torch::tensor(std::vector<int64_t>(record.begin(), record.end())).to(torch::kUInt8));
    archive.write("plateau", torch::tensor(std::vector<double>{state.plateau.scale, state.plateau.best,
                                                                static_cast<double>(state.plateau.bad_epochs)},
                                           torch::dtype(torch::kFloat64)));
    archive.write("stopped_early", torch::tensor(static_cast<int64_t>(state.stopped_early)));
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
    // Load straight onto the model's device, so a checkpoint written on a GPU opens on a CPU-only machine.
    const auto params = model.parameters();
    const torch::Device device = params.empty() ? torch::Device(torch::kCPU) : params.front().device();
    torch::serialize::InputArchive archive;
    archive.load_from(path, device);
    // A fresh tensor per read: reading into a defined tensor reinterprets its storage instead of converting.
    auto scalar = [&](const char* key) {
      torch::Tensor t;
      if (!archive.try_read(key, t) || t.numel() != 1) throw RunError(path + ": no " + std::string(key) + " entry");
      return t;
    };
    torch::Tensor format;
    if (!archive.try_read("emorec_checkpoint_format", format) || format.item<int64_t>() != kFormat) {
      throw RunError(path + ": not an EmoRec checkpoint of format " + std::to_string(kFormat) +
                     (format.defined() && format.numel() == 1 && format.item<int64_t>() < kFormat
                          ? " (written by an older EmoRec: train the run again)"
                          : ""));
    }
    LoopState state;
    state.epochs_done = scalar("epochs_done").item<int64_t>();
    state.best_epoch = scalar("best_epoch").item<int64_t>();
    state.best_value = scalar("best_value").item<double>();
    torch::Tensor record, plateau;
    if (archive.try_read("best_record", record)) {
      record = record.to(torch::kCPU, torch::kUInt8).contiguous();
      const auto* p = record.data_ptr<uint8_t>();
      state.best_record.assign(p, p + record.numel());
    }
    if (archive.try_read("plateau", plateau) && plateau.numel() == 3) {
      plateau = plateau.to(torch::kCPU, torch::kFloat64).contiguous();
      const auto* p = plateau.data_ptr<double>();
      state.plateau.scale = p[0], state.plateau.best = p[1], state.plateau.bad_epochs = static_cast<int64_t>(p[2]);
    }
    state.stopped_early = scalar("stopped_early").item<int64_t>() != 0;
    // LibTorch's load adopts the stored shapes silently; a checkpoint of another model must be refused.
    std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
    for (const auto& p : model.named_parameters()) shapes.emplace_back(p.key(), p.value().sizes().vec());
    for (const auto& b : model.named_buffers()) shapes.emplace_back(b.key(), b.value().sizes().vec());
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    model.load(model_archive);
    const auto params_now = model.named_parameters();  // find() points into these dicts: keep them alive
    const auto buffers_now = model.named_buffers();
    for (const auto& [name, sizes] : shapes) {
      const auto* now = params_now.find(name);
      if (!now) now = buffers_now.find(name);
      if (!now || now->sizes().vec() != sizes) {
        throw RunError(path + ": parameter " + name + " has another shape than this model's (checkpoint of a "
                       "different configuration?)");
      }
    }
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
