// The launcher of data-parallel jobs (`emorec launch`, as torchrun launches PyTorch's): it starts N worker
// processes on this node, each with the environment c10d's rendezvous reads (RANK, WORLD_SIZE, LOCAL_RANK,
// LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR, MASTER_PORT), forwards SIGINT, SIGTERM and SIGHUP to them, and
// when one worker fails (a non-zero exit or a signal) stops the others (SIGTERM, then SIGKILL after a grace
// period) and reports which rank failed and how. Workers die with the launcher (PR_SET_PDEATHSIG).
// Unless OMP_NUM_THREADS is set, each worker gets OMP_NUM_THREADS = the node's cores / nproc_per_node (at
// least 1), so that the workers' intra-op threads do not oversubscribe the cores. Multi-node: every node runs
// the launcher with the same --nnodes and --master and its own --node-rank.
#pragma once
#include <sys/types.h>
#include <string>
#include <vector>

namespace emorec::dist {

struct LaunchOptions {
  int nproc_per_node = 1;
  int nnodes = 1;
  int node_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  double grace_seconds = 10;  // after a failure: how long the other workers get between SIGTERM and SIGKILL
};

// The environment of one worker (name, value), in a fixed order.
std::vector<std::pair<std::string, std::string>> worker_environment(const LaunchOptions& options,
                                                                    int local_rank);

// ConfigError naming the option for counts below 1, a node rank outside [0, nnodes), a port outside
// [1, 65535] or an empty address; parse_master reads "ADDR:PORT" (ConfigError naming the text otherwise).
void validate(const LaunchOptions& options);
void parse_master(const std::string& text, LaunchOptions* options);

struct WorkerExit {
  int rank = 0, local_rank = 0;
  pid_t pid = 0;
  bool signaled = false;  // killed by `code` as a signal; else exited with `code`
  int code = 0;
  bool stopped_by_launcher = false;  // terminated because another worker failed or a signal was forwarded
  std::string describe()
      const;  // "rank 1 (local 1, pid 123) exited with status 2" / "...was killed by SIGKILL"
};

struct LaunchResult {
  int exit_code = 0;         // 0 when every worker exited 0; else the first failure's status (128 + signal)
  std::string failure;       // the first failure, described; empty on success
  int forwarded_signal = 0;  // a signal the launcher received and forwarded (0: none)
  std::vector<WorkerExit> exits;  // every worker, in rank order
};

// Starts nproc_per_node workers running `argv` (argv[0] is the program; run as given, not looked up in PATH)
// and waits for all of them. RunError naming the call when a worker cannot be started.
LaunchResult launch(const std::vector<std::string>& argv, const LaunchOptions& options);

}  // namespace emorec::dist
