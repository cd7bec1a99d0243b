// emorec catalogue build --run RUN [--checkpoint best|last] [--out FILE] [--root DIR] [--json]
// emorec catalogue crowd-check ... (cmd_crowd_check.cpp)
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/catalogue.h"
#include "cli/commands.h"
#include "data/dataset_registry.h"
#include "data/fer/fer_dataset.h"
#include "run/run_dir.h"

namespace emorec::cli {

Command add_catalogue(CLI::App& app) {
  struct Args {
    std::string run, checkpoint = "best", out, root;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("catalogue", "the mood-labelled catalogue of spotify-hits tracks");
  sub->require_subcommand(1);
  auto* build = sub->add_subcommand("build", "label every spotify-hits track with a mood run (cached; rebuilt when "
                                             "the run or the source files change)");
  build->add_option("--run", args->run, "run folder of a tracks/ mood classifier, e.g. runs/mood_mlp_seed/...")
      ->required();
  build->add_option("--checkpoint", args->checkpoint, "which checkpoint")->check(CLI::IsMember({"best", "last"}));
  build->add_option("--out", args->out, "catalogue file (default: $EMOREC_CACHE or .cache/emorec, /catalogue.tsv)");
  build->add_option("--root", args->root, "data root (default: $EMOREC_DATA, else ../shared/data)");
  build->add_flag("--json", args->json, "print the summary as JSON");
  const Command crowd_check = add_crowd_check(*sub);
  return [args, build, crowd_check] {
    if (!build->parsed()) return crowd_check();
    run::RunDir::open(args->run);  // a wrong run folder is named before the data is looked for
    std::string how;
    const std::string root = data::resolve_data_root(args->root, &how);
    const std::string folder = data::require_dataset(root, how, "spotify-hits");
    std::vector<std::string> sources;
    for (const auto& f : data::dataset_registry().at("spotify-hits").files) sources.push_back(folder + "/" + f);
    const std::string out = args->out.empty() ? data::resolve_cache_dir("") + "/catalogue.tsv" : args->out;
    bool rebuilt = false;
    std::string reason;
    const auto c = app::load_or_build_catalogue(out, args->run, args->checkpoint, sources, &rebuilt, &reason);
    std::vector<int64_t> per_mood(c.moods.size(), 0);
    for (const auto& t : c.tracks) ++per_mood[static_cast<size_t>(t.mood)];
    if (args->json) {
      nlohmann::json moods = nlohmann::json::object();
      for (size_t m = 0; m < c.moods.size(); ++m) moods[c.moods[m]] = per_mood[m];
      std::cout << nlohmann::json{{"catalogue", out},          {"rebuilt", rebuilt},
                                  {"reason", reason},          {"key", c.key},
                                  {"run", c.run},              {"checkpoint", c.checkpoint},
                                  {"rows", c.stats.rows},      {"malformed", c.stats.malformed},
                                  {"duplicates", c.stats.duplicates}, {"tracks", c.tracks.size()},
                                  {"moods", moods},            {"examples", c.stats.examples}}
                       .dump(2)
                << "\n";
      return 0;
    }
    std::printf("%s: %s (%s)\n", out.c_str(), rebuilt ? "built" : "up to date", reason.c_str());
    std::printf("  mood run %s (%s checkpoint)\n", c.run.c_str(), c.checkpoint.c_str());
    std::printf("  %lld rows read, %lld malformed, %lld duplicates (same normalised title and artist): %zu tracks\n",
                static_cast<long long>(c.stats.rows), static_cast<long long>(c.stats.malformed),
                static_cast<long long>(c.stats.duplicates), c.tracks.size());
    for (const auto& e : c.stats.examples) std::printf("    %s\n", e.c_str());
    for (size_t m = 0; m < c.moods.size(); ++m) {
      std::printf("  %-10s %lld\n", c.moods[m].c_str(), static_cast<long long>(per_mood[m]));
    }
    return 0;
  };
}

}  // namespace emorec::cli
