// emorec similar --run RUN --track FILE [-k 10] [--embeddings FILE] [--checkpoint best|last] [--json]: the
// tracks nearest to an audio file by the cosine similarity of a trained audio/ run's embeddings (the seed's
// "songs like this one"): among the run's own data set (every split), or among a modality file written by
// `emorec embed-audio`. The track itself is left out (same file in the data set; in the file, the id that
// embed-audio gave it: its path under the embedded folder, run::id_of_track).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "core/error.h"
#include "run/audio_run.h"
#include "run/audio_similar.h"

namespace emorec::cli {

Command add_similar(CLI::App& app) {
  struct Args {
    std::string run, track, embeddings, checkpoint = "best";
    int64_t k = 10;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("similar",
                                 "list the tracks nearest to an audio file (a trained audio/ run's "
                                 "embeddings, cosine similarity)");
  sub->add_option("--run", args->run, "run folder of an audio/ model")->required();
  sub->add_option("--track", args->track, "the audio file (WAV, FLAC, OGG, MP3)")->required();
  sub->add_option("-k", args->k, "how many tracks (default 10)")
      ->check(CLI::Range(int64_t{1}, int64_t{100000}));
  sub->add_option("--embeddings", args->embeddings,
                  "search this modality file (emorec embed-audio) instead of the run's data set");
  sub->add_option("--checkpoint", args->checkpoint, "which checkpoint")
      ->check(CLI::IsMember({"best", "last"}));
  sub->add_flag("--json", args->json,
                "print {run, track, library, excluded, neighbours: [{rank, id, similarity, tags}]} as JSON");
  return [args] {
    namespace fs = std::filesystem;
    run::AudioRun model(args->run, args->checkpoint);
    const auto query = model.embed(model.file_mel(args->track));
    run::EmbeddingTable library;
    std::vector<std::vector<std::string>> tags;
    std::string exclude;
    if (!args->embeddings.empty()) {
      library = run::read_embeddings(args->embeddings);
      if (library.values.size(1) != query.numel()) {
        throw DataError(args->embeddings + ": embeddings of width " + std::to_string(library.values.size(1)) +
                        ", but the run's model embeds in " + std::to_string(query.numel()) +
                        " (written by another run?)");
      }
      exclude = run::id_of_track(library, args->track);
    } else {
      library.values = model.embed_dataset(&library.ids, &tags);
      const auto self = fs::weakly_canonical(args->track);
      for (const auto& t : model.tags().tracks) {
        if (fs::weakly_canonical(t.path) == self) exclude = t.id;
      }
    }
    const auto found = run::nearest(query, library, args->k, exclude);
    if (args->json) {
      nlohmann::json list = nlohmann::json::array();
      for (size_t r = 0; r < found.size(); ++r) {
        nlohmann::json j{{"rank", r + 1}, {"id", found[r].id}, {"similarity", found[r].similarity}};
        if (!tags.empty()) j["tags"] = tags[found[r].index];
        list.push_back(j);
      }
      std::cout << nlohmann::json{{"run", args->run},
                                  {"track", args->track},
                                  {"library",
                                   args->embeddings.empty() ? model.config().data.dataset : args->embeddings},
                                  {"excluded", exclude.empty() ? nlohmann::json() : nlohmann::json(exclude)},
                                  {"neighbours", list}}
                       .dump(2)
                << "\n";
      return 0;
    }
    std::printf("tracks like %s (%s, epoch %lld; cosine similarity):\n", args->track.c_str(),
                model.config().model.name.c_str(), static_cast<long long>(model.epoch()));
    for (size_t r = 0; r < found.size(); ++r) {
      std::string tag_text;
      if (!tags.empty()) {
        for (const auto& t : tags[found[r].index]) tag_text += (tag_text.empty() ? "" : ", ") + t;
      }
      std::printf("%3zu  %-24s %.4f  %s\n", r + 1, found[r].id.c_str(), found[r].similarity,
                  tag_text.c_str());
    }
    return 0;
  };
}

}  // namespace emorec::cli
