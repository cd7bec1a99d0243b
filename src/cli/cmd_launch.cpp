// emorec launch --nproc-per-node N [--nnodes M --node-rank R --master ADDR:PORT] [--grace S] [--json]
//               -- COMMAND [ARGS...]
// Starts N workers of `emorec COMMAND ARGS...` on this node with the environment of a data-parallel job
// (dist/launcher.h) and waits for them; when one fails, stops the others and says which rank and how.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/error.h"
#include "dist/launcher.h"

namespace emorec::cli {
namespace {

// This executable's path, so that every worker runs the same emorec.
std::string self_executable() {
  std::string path(4096, '\0');
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size());
  if (n <= 0 || static_cast<size_t>(n) >= path.size())
    throw RunError("emorec launch: cannot read /proc/self/exe");
  path.resize(static_cast<size_t>(n));
  return path;
}

}  // namespace

Command add_launch(CLI::App& app) {
  struct Args {
    dist::LaunchOptions options;
    std::string master;
    std::vector<std::string> command;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub = app.add_subcommand("launch",
                                 "start N worker processes of an emorec command on this node, as "
                                 "torchrun does (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, ...)");
  sub->add_option("--nproc-per-node", args->options.nproc_per_node, "workers on this node")->required();
  sub->add_option("--nnodes", args->options.nnodes, "nodes in the job (default 1)");
  sub->add_option("--node-rank", args->options.node_rank, "this node's rank, 0 .. nnodes - 1 (default 0)");
  sub->add_option("--master", args->master, "rank 0's node as ADDR:PORT (default 127.0.0.1:29500)");
  sub->add_option(
      "--grace", args->options.grace_seconds,
      "seconds the other workers get after SIGTERM, once one has failed, before SIGKILL (default 10)");
  sub->add_flag("--json", args->json, "print every worker's exit as JSON");
  sub->add_option("command", args->command,
                  "the emorec command and its arguments, after --, e.g. -- train CONFIG")
      ->required();
  return [args] {
    if (!args->master.empty()) dist::parse_master(args->master, &args->options);
    std::vector<std::string> argv{self_executable()};
    argv.insert(argv.end(), args->command.begin(), args->command.end());
    const auto r = dist::launch(argv, args->options);
    if (args->json) {
      nlohmann::json workers = nlohmann::json::array();
      for (const auto& w : r.exits) {
        workers.push_back({{"rank", w.rank},
                           {"local_rank", w.local_rank},
                           {"pid", w.pid},
                           {w.signaled ? "signal" : "exit_status", w.code},
                           {"stopped_by_launcher", w.stopped_by_launcher}});
      }
      std::cout << nlohmann::json{{"exit_code", r.exit_code},
                                  {"failure", r.failure},
                                  {"forwarded_signal", r.forwarded_signal},
                                  {"workers", workers}}
                       .dump(2)
                << "\n";
    }
    if (!r.failure.empty()) {
      std::cerr << "emorec launch: " << r.failure << "; the workers still running were stopped\n";
    } else if (r.forwarded_signal != 0) {
      std::cerr << "emorec launch: stopped by signal " << r.forwarded_signal
                << ", forwarded to every worker\n";
    }
    return r.exit_code;
  };
}

}  // namespace emorec::cli
