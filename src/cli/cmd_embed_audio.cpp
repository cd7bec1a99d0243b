// emorec embed-audio --run RUN --input FOLDER|FILE --out FILE [--checkpoint best|last] [--json]: one
// embedding per audio file (the trained model's penultimate layer, averaged over the run's evaluation
// chunks), written as a modality file (`id<TAB>f1<TAB>f2...`, data/modality.h) that data.modalities reads, so
// an audio model can feed MKGCN. The id is the file's path under FOLDER without its extension.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/log.h"
#include "run/audio_run.h"

namespace emorec::cli {
namespace {
namespace fs = std::filesystem;

bool is_audio_file(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".wav" || ext == ".flac" || ext == ".ogg" || ext == ".mp3";
}

// (id, path) of every audio file under `input` (or `input` itself), sorted by id.
std::vector<std::pair<std::string, std::string>> audio_files(const std::string& input) {
  std::vector<std::pair<std::string, std::string>> out;
  if (fs::is_regular_file(input)) {
    out.emplace_back(fs::path(input).stem().string(), input);
    return out;
  }
  if (!fs::is_directory(input)) throw DataError(input + ": no such audio file or folder (--input)");
  for (const auto& e : fs::recursive_directory_iterator(input)) {
    if (!e.is_regular_file() || !is_audio_file(e.path())) continue;
    auto rel = fs::relative(e.path(), input);
    out.emplace_back(rel.replace_extension().generic_string(), e.path().string());
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) throw DataError(input + ": no .wav, .flac, .ogg or .mp3 files under it (--input)");
  return out;
}

}  // namespace

Command add_embed_audio(CLI::App& app) {
  struct Args {
    std::string run, input, out, checkpoint = "best";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("embed-audio",
                                 "embed audio files with a trained audio/ run, as a modality file for "
                                 "data.modalities (MKGCN)");
  sub->add_option("--run", args->run, "run folder of an audio/ model")->required();
  sub->add_option("--input", args->input, "an audio file or a folder searched recursively")->required();
  sub->add_option("--out", args->out, "the modality file to write (id, then the embedding, tab separated)")
      ->required();
  sub->add_option("--checkpoint", args->checkpoint, "which checkpoint")
      ->check(CLI::IsMember({"best", "last"}));
  sub->add_flag("--json", args->json,
                "print {run, checkpoint, epoch, out, width, embedded, skipped} as JSON");
  return [args] {
    run::AudioRun model(args->run, args->checkpoint);
    const auto files = audio_files(args->input);
    std::ostringstream text;
    int64_t embedded = 0;
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& [id, path] : files) {
      if (id.find_first_of("\t\n") != std::string::npos) {
        skipped.push_back({{"file", path}, {"problem", "the id holds a tab or a line break"}});
        continue;
      }
      torch::Tensor e;
      try {
        e = model.embed(model.file_mel(path)).contiguous();
      } catch (const DataError& err) {
        log_warn("skipped: ", err.what());
        skipped.push_back({{"file", path}, {"problem", err.what()}});
        continue;
      }
      text << id;
      char value[32];
      for (int64_t k = 0; k < e.numel(); ++k) {
        std::snprintf(value, sizeof value, "\t%.7g", static_cast<double>(e.data_ptr<float>()[k]));
        text << value;
      }
      text << '\n';
      ++embedded;
    }
    if (embedded == 0)
      throw DataError(args->input + ": no file could be embedded (" + std::to_string(skipped.size()) +
                      " unreadable)");
    write_file_atomic(args->out, text.str());
    if (args->json) {
      std::cout
          << nlohmann::json{{"run", args->run},  {"checkpoint", args->checkpoint},  {"epoch", model.epoch()},
                            {"out", args->out},  {"width", model.embedding_size()}, {"embedded", embedded},
                            {"skipped", skipped}}
                 .dump(2)
          << "\n";
      return 0;
    }
    std::printf("%s: %lld embeddings of width %lld (%s, epoch %lld); %zu files skipped\n", args->out.c_str(),
                static_cast<long long>(embedded), static_cast<long long>(model.embedding_size()),
                model.config().model.name.c_str(), static_cast<long long>(model.epoch()), skipped.size());
    return 0;
  };
}

}  // namespace emorec::cli
