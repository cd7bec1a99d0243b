// emorec: the command-line entry point. Exit codes: 0 ok, 2 usage or config error, 1 runtime failure.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <vector>

#include "cli/commands.h"
#include "core/error.h"
#include "core/log.h"
#include "core/malloc_policy.h"

int main(int argc, char** argv) {
  emorec::keep_freed_memory();  // core/malloc_policy.h
  CLI::App app{"EmoRec: emotion-aware music recommendation research framework"};
  app.require_subcommand(1);
  app.fallthrough(false);
  std::map<CLI::App*, emorec::cli::Command> commands;
  std::vector<emorec::cli::Command (*)(CLI::App&)> adders{
      emorec::cli::add_train,           emorec::cli::add_eval,
      emorec::cli::add_datasets,        emorec::cli::add_config,
      emorec::cli::add_predict_emotion, emorec::cli::add_plot,
      emorec::cli::add_reproduce,       emorec::cli::add_catalogue,
      emorec::cli::add_recommend,       emorec::cli::add_faces,
      emorec::cli::add_launch,          emorec::cli::add_data,
      emorec::cli::add_embed_audio,     emorec::cli::add_similar};
#if EMOREC_WITH_SERVE  // not in a training-only build (EMOREC_BUILD_APP=OFF)
  adders.push_back(emorec::cli::add_serve);
#endif
  for (auto add : adders) {
    auto cmd = add(app);
    commands[app.get_subcommands({}).back()] = cmd;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    for (auto* sub : app.get_subcommands()) return commands.at(sub)();
    return 2;
  } catch (const emorec::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
