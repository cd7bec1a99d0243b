// The emorec subcommands: each adds itself to the CLI11 app and returns the callback that runs it.
#pragma once
#include <CLI/CLI.hpp>

#include <functional>

namespace emorec::cli {

using Command = std::function<int()>;  // returns the exit code

Command add_train(CLI::App& app);
Command add_eval(CLI::App& app);
Command add_datasets(CLI::App& app);
Command add_config(CLI::App& app);
Command add_predict_emotion(CLI::App& app);
Command add_plot(CLI::App& app);
Command add_reproduce(CLI::App& app);
Command add_catalogue(CLI::App& app);
Command add_crowd_check(CLI::App& catalogue);  // a subcommand of catalogue
Command add_recommend(CLI::App& app);
Command add_faces(CLI::App& app);
Command add_serve(CLI::App& app);
Command add_launch(CLI::App& app);
Command add_data(CLI::App& app);
Command add_embed_audio(CLI::App& app);
Command add_similar(CLI::App& app);

}  // namespace emorec::cli
