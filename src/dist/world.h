// The process group of a data-parallel job (c10d, PyTorch's own distributed engine, from C++): Gloo on CPUs,
// NCCL on GPUs. One World per process, as torch.distributed's default group: size 1 (every collective a no-op)
// until init() joins the job that `emorec launch` started, through the environment it sets (RANK, WORLD_SIZE,
// MASTER_ADDR, MASTER_PORT) and a TCPStore on rank 0. Collectives wait for their result; a failed one (a peer
// died, the timeout passed) throws RunError naming this rank, the collective and the job's timeout.
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace emorec::dist {

struct WorldOptions {
  std::string backend = "auto";  // auto | gloo | nccl (auto: nccl for a CUDA device, gloo otherwise)
  double timeout_seconds = 300;  // rendezvous and every collective
};

// The environment of one worker, as the launcher sets it. `size` 1 when WORLD_SIZE is unset.
struct WorkerEnv {
  int rank = 0, size = 1, local_rank = 0;
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
};
// ConfigError naming the variable when one is malformed or RANK is outside [0, WORLD_SIZE).
WorkerEnv read_worker_env();

// A collective started without waiting (the gradient buckets overlap the backward pass with these).
class Pending {
 public:
  virtual ~Pending() = default;
  virtual void wait() = 0;  // RunError as the waiting collectives
};

class World {
 public:
  static World& get();

  // Joins the job described by the environment (nothing to do when WORLD_SIZE is 1). `device`: where the
  // tensors of the collectives live (picks the backend under "auto"). ConfigError for "nccl" on a CPU device or
  // in a build without CUDA; RunError when the rendezvous fails within the timeout. Called once per process.
  void init(const WorldOptions& options, torch::Device device);

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool distributed() const { return size_ > 1; }
  bool leader() const { return rank_ == 0; }  // writes the run folder, metrics and checkpoints
  const std::string& backend() const { return backend_; }
  int local_rank() const { return local_rank_; }

  // In place, on every rank: the sum over ranks (tensors contiguous, on the group's device, all of one shape:
  // Gloo reads a list as one tensor's copies; std::invalid_argument otherwise).
  void all_reduce_sum(std::vector<torch::Tensor>& tensors, const char* what);
  std::unique_ptr<Pending> all_reduce_sum_async(std::vector<torch::Tensor>& tensors, const char* what);
  // In place: rank `root`'s values on every rank.
  void broadcast(std::vector<torch::Tensor>& tensors, int root, const char* what);
  void barrier(const char* what);
  // Rows of `input` (split along dim 0: input_splits[r] rows go to rank r) exchanged so that `output` holds
  // output_splits[r] rows from each rank r, in rank order. A single process copies input to output.
  void all_to_all(torch::Tensor& output, torch::Tensor& input, std::vector<int64_t> output_splits,
                  std::vector<int64_t> input_splits, const char* what);

  // Text from rank `root` on every rank (the run folder's path that rank 0 made).
  void broadcast_text(std::string& text, int root, const char* what);
  // `seed` itself on rank 0 (and in a single process), a stream derived from (seed, rank) on the others.
  uint64_t rank_seed(uint64_t seed) const;

  // Seconds spent waiting for collectives since the last call (the step clock's "communication" phase).
  double take_comm_seconds();

  // Leaves the group (tests that run several jobs in one process). Back to size 1.
  void reset();

 private:
  World() = default;
  struct Group;
  std::shared_ptr<Group> group_;
  int rank_ = 0, size_ = 1, local_rank_ = 0;
  std::string backend_ = "none";
  double comm_seconds_ = 0;
  friend class PendingWork;
};

// The rows [begin, end) of `n` rows that `rank` of `size` takes: contiguous, sizes differing by at most one.
struct Shard {
  int64_t begin = 0, end = 0;
  int64_t size() const { return end - begin; }
};
Shard shard_of(int64_t n, int rank, int size);

}  // namespace emorec::dist
