// Checkpoint files named by epoch, committed by a manifest written last.
#include "run/run_checkpoints.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/atomic_file.h"
#include "core/crash_point.h"
#include "core/error.h"

namespace emorec::run {
namespace fs = std::filesystem;
namespace {

constexpr int kManifestFormat = 1;

std::string file_name(const char* kind, int64_t epoch) {
  char b[48];
  std::snprintf(b, sizeof b, "%s-%04lld.pt", kind, static_cast<long long>(epoch));
  return b;
}

nlohmann::json read_manifest(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  const auto named = [&](const char* key) {
    return j.is_object() && j.contains(key) && j[key].is_object() && j[key].value("file", "").size() > 0 &&
           j[key]["file"].get<std::string>().find('/') == std::string::npos;
  };
  if (!j.is_object() || j.value("format", 0) != kManifestFormat || !named("best") || !named("last")) {
    throw RunError(path + ": malformed checkpoint manifest (expected format " +
                   std::to_string(kManifestFormat) + " naming a best and a last file)");
  }
  return j;
}

}  // namespace

std::string RunCheckpoints::path(const std::string& which) const {
  if (which != "best" && which != "last") {
    throw RunError("unknown checkpoint \"" + which + "\" (best or last)");
  }
  const auto j = read_manifest(manifest());
  if (j.is_null()) {
    const std::string legacy = folder_ + "/" + which + ".pt";
    if (fs::is_regular_file(legacy)) return legacy;
    throw RunError(folder_ + ": no committed checkpoint (the run ended before its first epoch finished)");
  }
  return folder_ + "/" + j[which]["file"].get<std::string>();
}

bool RunCheckpoints::committed() const {
  return fs::is_regular_file(manifest()) || fs::is_regular_file(folder_ + "/last.pt");
}

void RunCheckpoints::commit(int64_t epoch, bool improved, torch::nn::Module& model,
                            torch::optim::Optimizer& optimizer, const train::LoopState& state) const {
  if (improved) {
    train::save_checkpoint(folder_ + "/" + file_name("best", epoch), model, nullptr, state);
    crash_point("checkpoint.after_best", epoch);
  }
  train::save_checkpoint(folder_ + "/" + file_name("last", epoch), model, &optimizer, state);
  crash_point("checkpoint.after_last", epoch);
  // A run from before the manifest, resumed: its best model is best.pt, which the manifest must name by epoch.
  const std::string best = folder_ + "/" + file_name("best", state.best_epoch), legacy = folder_ + "/best.pt";
  if (!fs::exists(best) && fs::is_regular_file(legacy)) fs::rename(legacy, best);
  const nlohmann::json j = {
      {"format", kManifestFormat},
      {"best", {{"epoch", state.best_epoch}, {"file", file_name("best", state.best_epoch)}}},
      {"last", {{"epoch", epoch}, {"file", file_name("last", epoch)}}}};
  write_file_atomic(manifest(), j.dump(2) + "\n");
  crash_point("checkpoint.after_commit", epoch);
  clean();
}

int RunCheckpoints::clean() const {
  int removed = remove_stale_temporaries(folder_);
  const auto j = read_manifest(manifest());
  if (j.is_null()) return removed;  // nothing committed, or a folder from before the manifest: leave it
  const std::set<std::string> keep = {"checkpoints.json", j["best"]["file"].get<std::string>(),
                                      j["last"]["file"].get<std::string>()};
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder_, ec)) {
    const std::string name = e.path().filename().string();
    const bool ours = (name.rfind("best", 0) == 0 || name.rfind("last", 0) == 0) && e.path().extension() == ".pt";
    if (ours && !keep.count(name) && fs::remove(e.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace emorec::run
