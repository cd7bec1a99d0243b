// emorec-bench-allreduce: the all-reduce bandwidth of the data-parallel process group (dist/world.h), as
// nccl-tests reports it: for each message size, the median time of a sum all-reduce over all ranks, the
// algorithm bandwidth (bytes / time) and the bus bandwidth (algorithm bandwidth x 2 (n - 1) / n, what each
// link carries in a ring). It starts its own workers through the launcher (dist/launcher.h).
//   emorec-bench-allreduce [--nproc N] [--backend gloo|nccl] [--sizes-mb 1,4,16,64,256] [--iters K] [--json]
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "dist/launcher.h"
#include "dist/world.h"

namespace {

struct Args {
  int nproc = 2, iters = 10, port = 29671;
  std::string backend = "gloo";
  std::vector<double> sizes_mb = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  bool json = false;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw emorec::ConfigError(k + ": needs a value");
      return argv[++i];
    };
    if (k == "--nproc") a.nproc = std::stoi(value());
    else if (k == "--iters") a.iters = std::stoi(value());
    else if (k == "--port") a.port = std::stoi(value());
    else if (k == "--backend") a.backend = value();
    else if (k == "--json") a.json = true;
    else if (k == "--sizes-mb") {
      a.sizes_mb.clear();
      std::stringstream s(value());
      for (std::string part; std::getline(s, part, ',');) a.sizes_mb.push_back(std::stod(part));
    } else {
      throw emorec::ConfigError("unknown option " + k +
                                " (known: --nproc, --backend, --sizes-mb, --iters, --port, --json)");
    }
  }
  if (a.nproc < 2 || a.iters < 1 || a.sizes_mb.empty()) {
    throw emorec::ConfigError("--nproc must be at least 2, --iters at least 1, --sizes-mb not empty");
  }
  return a;
}

int worker(const Args& a) {
  const bool cuda = a.backend == "nccl";
  auto& world = emorec::dist::World::get();
  const auto device = cuda ? torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(
                                                             emorec::dist::read_worker_env().local_rank))
                           : torch::Device(torch::kCPU);
  world.init({a.backend, 120}, device);
  nlohmann::json rows = nlohmann::json::array();
  for (const double mb : a.sizes_mb) {
    const auto n = static_cast<int64_t>(mb * 1024 * 1024 / 4);
    std::vector<torch::Tensor> t{torch::ones({n}, torch::TensorOptions().dtype(torch::kFloat).device(device))};
    std::vector<double> times;
    for (int i = 0; i < a.iters + 2; ++i) {  // two warm-up rounds
      world.barrier("the benchmark");
      const auto t0 = std::chrono::steady_clock::now();
      world.all_reduce_sum(t, "the benchmark's buffer");
      if (cuda) torch::cuda::synchronize();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (i >= 2) times.push_back(s);
    }
    const double expected = std::pow(world.size(), a.iters + 2);  // ones, summed over ranks every round
    const double got = t[0][0].item<double>();
    if (std::abs(got - expected) > 1e-3 * expected) {
      throw emorec::RunError("all-reduce gave " + std::to_string(got) + ", expected " + std::to_string(expected));
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    const double bytes = static_cast<double>(n) * 4;
    const double algbw = bytes / median / 1e9;
    rows.push_back({{"size_mb", mb}, {"median_ms", median * 1e3}, {"algbw_gbs", algbw},
                    {"busbw_gbs", algbw * 2.0 * (world.size() - 1) / world.size()}});
  }
  if (world.leader()) {
    if (a.json) {
      std::cout << nlohmann::json{{"backend", a.backend}, {"ranks", world.size()}, {"iters", a.iters},
                                  {"results", rows}}.dump(2)
                << "\n";
    } else {
      std::printf("%s all-reduce (sum, float32), %d ranks, median of %d\n", a.backend.c_str(), world.size(), a.iters);
      std::printf("%10s %12s %12s %12s\n", "MB", "median ms", "algbw GB/s", "busbw GB/s");
      for (const auto& r : rows) {
        std::printf("%10.0f %12.3f %12.3f %12.3f\n", r["size_mb"].get<double>(), r["median_ms"].get<double>(),
                    r["algbw_gbs"].get<double>(), r["busbw_gbs"].get<double>());
      }
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse(argc, argv);
    if (std::getenv("WORLD_SIZE")) return worker(a);
    emorec::dist::LaunchOptions o;
    o.nproc_per_node = a.nproc;
    o.master_port = a.port;
    std::vector<std::string> cmd(argv, argv + argc);
    cmd[0] = "/proc/self/exe";
    const auto r = emorec::dist::launch(cmd, o);
    if (r.exit_code != 0) std::cerr << "emorec-bench-allreduce: " << r.failure << "\n";
    return r.exit_code;
  } catch (const std::exception& e) {
    std::cerr << "emorec-bench-allreduce: " << e.what() << "\n";
    return 2;
  }
}
