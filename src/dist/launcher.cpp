#include "dist/launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/error.h"

namespace emorec::dist {
namespace {

std::atomic<int> g_received{0};  // the last forwardable signal the launcher received

void on_signal(int sig) {
  g_received.store(sig);
}

std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

// The launcher's handlers for the signals it forwards, restored when it returns.
class ForwardedSignals {
 public:
  ForwardedSignals() {
    g_received.store(0);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &sa, &old_[i]);
  }
  ~ForwardedSignals() {
    for (size_t i = 0; i < kSignals.size(); ++i) sigaction(kSignals[i], &old_[i], nullptr);
  }
  ForwardedSignals(const ForwardedSignals&) = delete;
  ForwardedSignals& operator=(const ForwardedSignals&) = delete;

 private:
  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> old_{};
};

// In the child, between fork and exec: only async-signal-safe calls. The worker gets its own process group
// (so the launcher alone decides what it receives), dies with the launcher, and runs `argv` with `env`.
[[noreturn]] void exec_worker(char* const* argv, char* const* env, pid_t launcher) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != launcher) _exit(127);  // the launcher died before prctl took effect
  struct sigaction sa {};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
  execve(argv[0], argv, env);
  const char msg[] = "emorec launch: cannot execute the worker program\n";
  (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
  _exit(127);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> worker_environment(const LaunchOptions& o, int local_rank) {
  const int rank = o.node_rank * o.nproc_per_node + local_rank;
  return {{"RANK", std::to_string(rank)},
          {"WORLD_SIZE", std::to_string(o.nnodes * o.nproc_per_node)},
          {"LOCAL_RANK", std::to_string(local_rank)},
          {"LOCAL_WORLD_SIZE", std::to_string(o.nproc_per_node)},
          {"GROUP_RANK", std::to_string(o.node_rank)},
          {"MASTER_ADDR", o.master_addr},
          {"MASTER_PORT", std::to_string(o.master_port)}};
}

void validate(const LaunchOptions& o) {
  if (o.nproc_per_node < 1)
    throw ConfigError("--nproc-per-node must be at least 1, got " + std::to_string(o.nproc_per_node));
  if (o.nnodes < 1) throw ConfigError("--nnodes must be at least 1, got " + std::to_string(o.nnodes));
  if (o.node_rank < 0 || o.node_rank >= o.nnodes) {
    throw ConfigError("--node-rank must be in [0, " + std::to_string(o.nnodes) + "), got " +
                      std::to_string(o.node_rank));
  }
  if (o.master_addr.empty()) throw ConfigError("--master: the address is empty");
  if (o.master_port < 1 || o.master_port > 65535) {
    throw ConfigError("--master: the port must be in [1, 65535], got " + std::to_string(o.master_port));
  }
  if (!(o.grace_seconds >= 0)) throw ConfigError("--grace must be a non-negative number of seconds");
}

void parse_master(const std::string& text, LaunchOptions* o) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw ConfigError("--master must be ADDR:PORT, got '" + text + "'");
  }
  const std::string port = text.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) {
    throw ConfigError("--master: '" + port + "' is not a port number (in '" + text + "')");
  }
  o->master_addr = text.substr(0, colon);
  o->master_port = std::stoi(port);
}

std::string WorkerExit::describe() const {
  std::string s = "rank " + std::to_string(rank) + " (local " + std::to_string(local_rank) + ", pid " +
                  std::to_string(pid) + ") ";
  return s + (signaled ? "was killed by " + signal_name(code) : "exited with status " + std::to_string(code));
}

LaunchResult launch(const std::vector<std::string>& argv, const LaunchOptions& options) {
  validate(options);
  if (argv.empty()) throw ConfigError("emorec launch: no command to run after --");
  // Everything the children need is built before forking.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto ours = worker_environment(options, 0);  // the names the launcher sets: their values replaced
  std::vector<std::string> inherited;
  for (char** e = environ; *e; ++e) {
    const std::string var = *e;
    const auto is_ours = [&](const auto& kv) { return var.rfind(kv.first + "=", 0) == 0; };
    if (std::none_of(ours.begin(), ours.end(), is_ours)) inherited.push_back(var);
  }
  // N workers of the machine's default thread count each would oversubscribe the cores (on this 2-core
  // machine 2 processes x 2 threads made KGCN 4x slower than 2 x 1): unless OMP_NUM_THREADS is set, each
  // worker gets the cores divided among the node's workers (torchrun sets 1).
  if (!std::getenv("OMP_NUM_THREADS")) {
    const long cores = std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));
    inherited.push_back("OMP_NUM_THREADS=" + std::to_string(std::max(1L, cores / options.nproc_per_node)));
  }
  std::vector<std::vector<std::string>> env_text(static_cast<size_t>(options.nproc_per_node));
  std::vector<std::vector<char*>> envs(env_text.size());
  for (int l = 0; l < options.nproc_per_node; ++l) {
    auto& text = env_text[static_cast<size_t>(l)];
    text = inherited;
    for (const auto& [name, value] : worker_environment(options, l)) text.push_back(name + "=" + value);
    for (auto& t : text) envs[static_cast<size_t>(l)].push_back(t.data());
    envs[static_cast<size_t>(l)].push_back(nullptr);
  }

  const ForwardedSignals forwarding;
  LaunchResult result;
  result.exits.resize(static_cast<size_t>(options.nproc_per_node));
  std::vector<bool> running(result.exits.size(), false);
  const pid_t self = getpid();
  const auto stop_all = [&](int sig) {
    for (size_t i = 0; i < result.exits.size(); ++i) {
      if (running[i]) kill(-result.exits[i].pid, sig);  // the worker's process group: its children too
    }
  };
  for (int l = 0; l < options.nproc_per_node; ++l) {
    auto& w = result.exits[static_cast<size_t>(l)];
    w.local_rank = l;
    w.rank = options.node_rank * options.nproc_per_node + l;
    const pid_t pid = fork();
    if (pid < 0) {
      const std::string why = std::strerror(errno);
      stop_all(SIGKILL);
      for (size_t i = 0; i < running.size(); ++i) {
        if (running[i]) waitpid(result.exits[i].pid, nullptr, 0);
      }
      throw RunError("emorec launch: fork of rank " + std::to_string(w.rank) + " failed: " + why);
    }
    if (pid == 0) exec_worker(args.data(), envs[static_cast<size_t>(l)].data(), self);
    setpgid(pid, pid);  // also here, so that the group exists before the launcher signals it (either wins)
    w.pid = pid;
    running[static_cast<size_t>(l)] = true;
  }

  // Wait for every worker; on the first failure, or a signal to the launcher, stop the rest.
  using Clock = std::chrono::steady_clock;
  bool stopping = false;
  Clock::time_point kill_at{};
  size_t alive = running.size();
  while (alive > 0) {
    if (const int sig = g_received.exchange(0); sig != 0) {
      result.forwarded_signal = sig;
      stop_all(sig);
      if (!stopping)
        stopping = true, kill_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(options.grace_seconds));
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      for (size_t i = 0; i < result.exits.size(); ++i) {
        if (!running[i] || result.exits[i].pid != pid) continue;
        running[i] = false;
        --alive;
        auto& w = result.exits[i];
        w.signaled = WIFSIGNALED(status);
        w.code = w.signaled ? WTERMSIG(status) : WEXITSTATUS(status);
        w.stopped_by_launcher = stopping;
        if ((w.signaled || w.code != 0) && result.failure.empty() && !stopping) {
          result.failure = w.describe();
          result.exit_code = w.signaled ? 128 + w.code : w.code;
          stopping = true;
          kill_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                       std::chrono::duration<double>(options.grace_seconds));
          stop_all(SIGTERM);
        }
      }
      continue;
    }
    if (pid < 0 && errno != EINTR && errno != ECHILD) break;
    if (stopping && Clock::now() >= kill_at) {
      stop_all(SIGKILL);
      kill_at = Clock::time_point::max();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (result.exit_code == 0 && result.forwarded_signal != 0) result.exit_code = 128 + result.forwarded_signal;
  return result;
}

}  // namespace emorec::dist
