// The process group: rendezvous through a TCPStore on the master, then a Gloo or NCCL backend.
#include "dist/world.h"

#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "core/error.h"
#include "core/rng.h"
#include "dist/backends.h"

namespace emorec::dist {

struct World::Group {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::Backend> backend;
  double timeout_seconds = 0;
};

namespace {

int env_int(const char* name, int fallback, int lo, int hi) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  char* end = nullptr;
  errno = 0;
  const long v = std::strtol(text, &end, 10);
  if (errno || *end || v < lo || v > hi) {
    throw ConfigError(std::string("environment variable ") + name + "=\"" + text + "\": expected an integer in [" +
                      std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return static_cast<int>(v);
}

std::string failure(int rank, const char* collective, const char* what, double timeout, const std::exception& e) {
  return "rank " + std::to_string(rank) + ": " + collective + " of " + what +
         " failed (another rank stopped, or train.distributed.timeout_s = " + std::to_string(static_cast<int>(timeout)) +
         " s passed): " + e.what();
}

}  // namespace

WorkerEnv read_worker_env() {
  WorkerEnv env;
  env.size = env_int("WORLD_SIZE", 1, 1, 1 << 20);
  env.rank = env_int("RANK", 0, 0, 1 << 20);
  if (env.rank >= env.size) {
    throw ConfigError("environment variable RANK=" + std::to_string(env.rank) + " is not below WORLD_SIZE=" +
                      std::to_string(env.size));
  }
  env.local_rank = env_int("LOCAL_RANK", 0, 0, 1 << 20);
  if (const char* a = std::getenv("MASTER_ADDR"); a && *a) env.master_addr = a;
  env.master_port = env_int("MASTER_PORT", 29500, 1, 65535);
  return env;
}

World& World::get() {
  static World world;
  return world;
}

void World::init(const WorldOptions& options, torch::Device device) {
  if (group_) return;  // joined already (a run that resumes, or evaluates, in the same process)
  const WorkerEnv env = read_worker_env();
  if (env.size == 1) {  // a single process: nothing to join, the options do not apply
    rank_ = 0, size_ = 1, local_rank_ = env.local_rank, backend_ = "none";
    return;
  }
  std::string backend = options.backend;
  if (backend == "auto") backend = device.is_cuda() ? "nccl" : "gloo";
  if (backend != "gloo" && backend != "nccl") {
    throw ConfigError("train.distributed.backend: \"" + options.backend + "\" is not one of auto, gloo, nccl");
  }
  if (backend == "nccl" && !device.is_cuda()) {
    throw ConfigError("train.distributed.backend: nccl needs a CUDA device (device is " + device.str() + "); use gloo");
  }
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(options.timeout_seconds * 1000));
  auto group = std::make_shared<Group>();
  group->timeout_seconds = options.timeout_seconds;
  try {
    c10d::TCPStoreOptions so;
    so.port = static_cast<uint16_t>(env.master_port);
    so.isServer = env.rank == 0;
    so.numWorkers = static_cast<size_t>(env.size);
    so.waitWorkers = true;
    so.timeout = timeout;
    group->store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, so);
  } catch (const std::exception& e) {
    throw RunError("rank " + std::to_string(env.rank) + ": rendezvous at " + env.master_addr + ":" +
                   std::to_string(env.master_port) + " failed within " + std::to_string(options.timeout_seconds) +
                   " s: " + e.what());
  }
  try {
    group->backend = backend == "nccl" ? make_nccl_backend(group->store, env.rank, env.size, timeout)
                                       : make_gloo_backend(group->store, env.rank, env.size, timeout, env.master_addr);
  } catch (const ConfigError&) {
    throw;
  } catch (const std::exception& e) {
    throw RunError("rank " + std::to_string(env.rank) + ": the " + backend + " process group could not start: " +
                   e.what());
  }
  group_ = group;
  rank_ = env.rank, size_ = env.size, local_rank_ = env.local_rank, backend_ = backend;
}

class PendingWork : public Pending {
 public:
  PendingWork(World& world, c10::intrusive_ptr<c10d::Work> work, const char* what)
      : world_(world), work_(std::move(work)), what_(what) {}
  void wait() override {
    if (!work_) return;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      work_->wait();
    } catch (const std::exception& e) {
      work_.reset();
      throw RunError(failure(world_.rank_, "all-reduce", what_, world_.group_->timeout_seconds, e));
    }
    work_.reset();
    world_.comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

 private:
  World& world_;
  c10::intrusive_ptr<c10d::Work> work_;
  const char* what_;
};

std::unique_ptr<Pending> World::all_reduce_sum_async(std::vector<torch::Tensor>& tensors, const char* what) {
  // Gloo reads a list as copies of one tensor on several devices: one shape per call.
  for (const auto& t : tensors) {
    if (t.sizes() != tensors.front().sizes()) {
      throw std::invalid_argument(std::string("all-reduce of ") + what +
                                  ": the tensors of one call must have one shape");
    }
  }
  if (!group_) return std::make_unique<PendingWork>(*this, nullptr, what);
  try {
    return std::make_unique<PendingWork>(*this, group_->backend->allreduce(tensors), what);
  } catch (const std::exception& e) {
    throw RunError(failure(rank_, "all-reduce", what, group_->timeout_seconds, e));
  }
}

void World::all_reduce_sum(std::vector<torch::Tensor>& tensors, const char* what) {
  all_reduce_sum_async(tensors, what)->wait();
}

void World::broadcast(std::vector<torch::Tensor>& tensors, int root, const char* what) {
  if (!group_) return;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    c10d::BroadcastOptions o;
    o.rootRank = root;
    for (auto& t : tensors) {  // one tensor per call: Gloo broadcasts a list as copies of one tensor
      std::vector<torch::Tensor> one{t};
      group_->backend->broadcast(one, o)->wait();
    }
  } catch (const std::exception& e) {
    throw RunError(failure(rank_, "broadcast", what, group_->timeout_seconds, e));
  }
  comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void World::all_to_all(torch::Tensor& output, torch::Tensor& input, std::vector<int64_t> output_splits,
                       std::vector<int64_t> input_splits, const char* what) {
  if (!group_) {
    output.copy_(input);
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  try {
    group_->backend->alltoall_base(output, input, output_splits, input_splits)->wait();
  } catch (const std::exception& e) {
    throw RunError(failure(rank_, "all-to-all", what, group_->timeout_seconds, e));
  }
  comm_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void World::barrier(const char* what) {
  if (!group_) return;
  try {
    group_->backend->barrier()->wait();
  } catch (const std::exception& e) {
    throw RunError(failure(rank_, "barrier", what, group_->timeout_seconds, e));
  }
}

void World::broadcast_text(std::string& text, int root, const char* what) {
  if (!group_) return;
  std::vector<torch::Tensor> length{torch::tensor({static_cast<int64_t>(text.size())}, torch::kLong)};
  broadcast(length, root, what);
  const int64_t n = length[0].item<int64_t>();
  std::vector<torch::Tensor> bytes{torch::zeros({std::max<int64_t>(n, 1)}, torch::kUInt8)};
  if (rank_ == root) std::memcpy(bytes[0].data_ptr<uint8_t>(), text.data(), text.size());
  broadcast(bytes, root, what);
  text.assign(reinterpret_cast<const char*>(bytes[0].data_ptr<uint8_t>()), static_cast<size_t>(n));
}

uint64_t World::rank_seed(uint64_t seed) const {
  return rank_ == 0 ? seed : derive_seed(seed, "rank", static_cast<uint64_t>(rank_));
}

double World::take_comm_seconds() {
  const double s = comm_seconds_;
  comm_seconds_ = 0;
  return s;
}

void World::reset() {
  group_.reset();
  rank_ = 0, size_ = 1, local_rank_ = 0, backend_ = "none", comm_seconds_ = 0;
}

Shard shard_of(int64_t n, int rank, int size) {
  const int64_t base = n / size, extra = n % size;
  Shard s;
  s.begin = rank * base + std::min<int64_t>(rank, extra);
  s.end = s.begin + base + (rank < extra ? 1 : 0);
  return s;
}

}  // namespace emorec::dist
