// emorec data make-audio --out DIR [--clips N] [--seed S] [--seconds X] [--rate HZ] [--jobs J] [--json]: the
// synthetic labelled music data set of data/audio/make_audio.h (docs/AUDIO.md).
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "data/audio/make_audio.h"

namespace emorec::cli {

Command add_data(CLI::App& app) {
  struct Args {
    data::MakeAudioOptions make;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("data", "make data sets that can be made on this machine");
  sub->require_subcommand(1);
  auto* make =
      sub->add_subcommand("make-audio",
                          "render labelled synthetic music clips (mma grooves through fluidsynth): style "
                          "family, tempo band and mode; proves the audio pipeline, not music understanding");
  make->add_option("--out", args->make.out, "the new data set's folder")->required();
  make->add_option("--clips", args->make.clips, "clips to render (default 2000)");
  make->add_option("--seed", args->make.seed, "seed of every draw (default 1)");
  make->add_option("--seconds", args->make.seconds, "length of each clip (default 6)");
  make->add_option("--rate", args->make.sample_rate, "sample rate, Hz (default 16000)");
  make->add_option("--soundfont", args->make.soundfont,
                   "General MIDI soundfont (default fluid-soundfont-gm's)");
  make->add_option("--jobs", args->make.jobs, "clips rendered at once (default 2)");
  make->add_flag("--json", args->json, "print the result as JSON");
  return [args] {
    const auto r = data::make_audio(args->make);
    if (args->json) {
      nlohmann::json tags = nlohmann::json::object();
      for (const auto& [tag, n] : r.tag_counts) tags[tag] = n;
      std::cout << nlohmann::json{{"out", r.out},
                                  {"clips", r.clips},
                                  {"seconds", r.seconds},
                                  {"tags", tags},
                                  {"synthetic", true}}
                       .dump(2)
                << "\n";
      return 0;
    }
    std::printf("%s: %lld synthetic clips in %.1f s\n", r.out.c_str(), static_cast<long long>(r.clips),
                r.seconds);
    for (const auto& [tag, n] : r.tag_counts)
      std::printf("  %-20s %lld\n", tag.c_str(), static_cast<long long>(n));
    return 0;
  };
}

}  // namespace emorec::cli
