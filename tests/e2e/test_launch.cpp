// emorec launch (dist/launcher.h): workers started with the job's environment, a failed or killed rank
// named and the others stopped within the grace period, signals forwarded; the options checked.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/error.h"
#include "dist/launcher.h"
#include "test_util.h"

namespace emorec {
namespace {

dist::LaunchResult launch_shell(const std::string& script, dist::LaunchOptions o) {
  return dist::launch({"/bin/sh", "-c", script}, o);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

TEST(Launch, EveryWorkerGetsTheJobsEnvironment) {
  dist::LaunchOptions o;
  o.nproc_per_node = 3;
  o.master_port = 29555;
  // Each worker checks its own variables; a wrong one exits with a status naming which.
  const auto r = launch_shell(
      "[ \"$RANK\" = \"$LOCAL_RANK\" ] || exit 11; [ \"$WORLD_SIZE\" = 3 ] || exit 12; "
      "[ \"$LOCAL_WORLD_SIZE\" = 3 ] || exit 13; [ \"$MASTER_ADDR\" = 127.0.0.1 ] || exit 14; "
      "[ \"$MASTER_PORT\" = 29555 ] || exit 15; [ \"$GROUP_RANK\" = 0 ] || exit 16; "
      "[ -n \"$OMP_NUM_THREADS\" ] || exit 17; exit 0",
      o);
  EXPECT_EQ(r.exit_code, 0) << r.failure;
  ASSERT_EQ(r.exits.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(r.exits[static_cast<size_t>(i)].rank, i);
    EXPECT_FALSE(r.exits[static_cast<size_t>(i)].signaled);
    EXPECT_EQ(r.exits[static_cast<size_t>(i)].code, 0);
  }
  // The second of two nodes: ranks 2 and 3 of 4.
  o.nproc_per_node = 2, o.nnodes = 2, o.node_rank = 1;
  const auto env = dist::worker_environment(o, 1);
  EXPECT_EQ(env[0], (std::pair<std::string, std::string>{"RANK", "3"}));
  EXPECT_EQ(env[1], (std::pair<std::string, std::string>{"WORLD_SIZE", "4"}));
  const auto second = launch_shell("[ \"$RANK\" = $((LOCAL_RANK + 2)) ] && [ \"$WORLD_SIZE\" = 4 ]", o);
  EXPECT_EQ(second.exit_code, 0) << second.failure;
}

TEST(Launch, AFailedRankIsNamedAndTheOthersAreStopped) {
  dist::LaunchOptions o;
  o.nproc_per_node = 3;
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = launch_shell("if [ \"$RANK\" = 1 ]; then sleep 0.2; exit 3; fi; exec sleep 30", o);
  EXPECT_LT(seconds_since(t0), 10.0) << "the others were not stopped";
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.failure.find("rank 1 (local 1, pid "), std::string::npos) << r.failure;
  EXPECT_NE(r.failure.find("exited with status 3"), std::string::npos) << r.failure;
  for (size_t i : {0u, 2u}) {
    EXPECT_TRUE(r.exits[i].stopped_by_launcher);
    EXPECT_TRUE(r.exits[i].signaled);
    EXPECT_EQ(r.exits[i].code, SIGTERM);
  }
}

TEST(Launch, AKilledRankIsNamedWithItsSignal) {
  dist::LaunchOptions o;
  o.nproc_per_node = 2;
  const auto r = launch_shell("if [ \"$RANK\" = 0 ]; then kill -9 $$; fi; exec sleep 30", o);
  EXPECT_EQ(r.exit_code, 128 + SIGKILL);
  EXPECT_NE(r.failure.find("rank 0"), std::string::npos) << r.failure;
  EXPECT_NE(r.failure.find("was killed by SIGKILL"), std::string::npos) << r.failure;
}

TEST(Launch, AWorkerThatIgnoresSigtermIsKilledAfterTheGrace) {
  dist::LaunchOptions o;
  o.nproc_per_node = 2;
  o.grace_seconds = 0.5;
  const auto t0 = std::chrono::steady_clock::now();
  const auto r =
      launch_shell("trap '' TERM; if [ \"$RANK\" = 1 ]; then sleep 0.2; exit 1; fi; exec sleep 30", o);
  EXPECT_LT(seconds_since(t0), 10.0);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.exits[0].signaled);
  EXPECT_EQ(r.exits[0].code, SIGKILL);
}

TEST(Launch, ASignalToTheLauncherReachesEveryWorker) {
  dist::LaunchOptions o;
  o.nproc_per_node = 2;
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    kill(getpid(), SIGINT);  // the launcher's handler takes it; the default would end the test binary
  });
  const auto r = launch_shell("exec sleep 30", o);
  interrupter.join();
  EXPECT_EQ(r.forwarded_signal, SIGINT);
  EXPECT_EQ(r.exit_code, 128 + SIGINT);
  for (const auto& w : r.exits) {
    EXPECT_TRUE(w.signaled);
    EXPECT_EQ(w.code, SIGINT);
  }
}

TEST(Launch, BadOptionsAreRefusedNamingTheOption) {
  dist::LaunchOptions o;
  o.nproc_per_node = 0;
  EXPECT_THROW(dist::validate(o), ConfigError);
  o.nproc_per_node = 2, o.nnodes = 2, o.node_rank = 2;
  try {
    dist::validate(o);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("--node-rank"), std::string::npos) << e.what();
  }
  dist::LaunchOptions m;
  dist::parse_master("10.0.0.2:1234", &m);
  EXPECT_EQ(m.master_addr, "10.0.0.2");
  EXPECT_EQ(m.master_port, 1234);
  for (const char* bad : {"10.0.0.2", ":1234", "host:", "host:12a", "host:123456"}) {
    EXPECT_THROW(dist::parse_master(bad, &m), ConfigError) << bad;
  }
  m.master_port = 70000;
  EXPECT_THROW(dist::validate(m), ConfigError);
  EXPECT_THROW(dist::launch({}, dist::LaunchOptions{}), ConfigError);
}

TEST(Launch, TheCliRunsWorkersOfEmorec) {
  std::string out;
  const std::string cmd = std::string(EMOREC_BINARY) + " launch --nproc-per-node 2 --json -- config show " +
                          EMOREC_SOURCE_DIR + "/configs/kg/kgcn_synthetic.yaml";
  EXPECT_EQ(test::run_command(cmd, &out), 0) << out;
  EXPECT_NE(out.find("\"exit_code\": 0"), std::string::npos) << out;
}

}  // namespace
}  // namespace emorec
