// The process group and the gradient exchange (dist/): shards, the worker environment, and - in two processes
// that this test starts from its own binary through the launcher - bucketed gradient all-reduce against the
// gradient of the whole batch computed in one process, and batch-norm statistics of several widths averaged.
// Tolerance: 1e-6 (float sums in another order).
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/error.h"
#include "dist/grad_sync.h"
#include "dist/launcher.h"
#include "dist/sharded_table.h"
#include "dist/world.h"

namespace emorec {
namespace {

TEST(Dist, ShardsAreContiguousDisjointAndBalanced) {
  for (int64_t n : {0, 1, 7, 128, 1001}) {
    for (int size : {1, 2, 3, 4}) {
      int64_t next = 0;
      for (int r = 0; r < size; ++r) {
        const auto s = dist::shard_of(n, r, size);
        EXPECT_EQ(s.begin, next);
        EXPECT_LE(s.size(), n / size + 1);
        EXPECT_GE(s.size(), n / size);
        next = s.end;
      }
      EXPECT_EQ(next, n);
    }
  }
}

TEST(Dist, ASingleProcessIsAWorldOfOne) {
  if (std::getenv("WORLD_SIZE")) GTEST_SKIP() << "running as a worker";
  auto& world = dist::World::get();
  world.init({"nccl", 5}, torch::kCPU);  // options do not apply to a single process
  EXPECT_EQ(world.size(), 1);
  EXPECT_TRUE(world.leader());
  std::vector<torch::Tensor> t{torch::ones({3})};
  world.all_reduce_sum(t, "test");
  EXPECT_TRUE(t[0].equal(torch::ones({3})));
  EXPECT_EQ(world.rank_seed(42), 42u);
}

TEST(Dist, AMalformedWorkerEnvironmentNamesTheVariable) {
  if (std::getenv("WORLD_SIZE")) GTEST_SKIP() << "running as a worker";
  setenv("WORLD_SIZE", "2", 1);
  setenv("RANK", "2", 1);
  try {
    dist::read_worker_env();
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("RANK=2"), std::string::npos) << e.what();
  }
  setenv("RANK", "x", 1);
  EXPECT_THROW(dist::read_worker_env(), ConfigError);
  unsetenv("WORLD_SIZE");
  unsetenv("RANK");
}

// A small model: a used linear layer, an embedding of which each rank touches other rows, and a parameter no
// rank uses (its gradient must stay undefined, as in one process).
struct Net : torch::nn::Module {
  Net() {
    torch::manual_seed(7);
    emb = register_module("emb", torch::nn::Embedding(50, 8));
    fc = register_module("fc", torch::nn::Linear(8, 3));
    unused = register_parameter("unused", torch::randn({4}));
  }
  torch::Tensor loss(const torch::Tensor& ids, const torch::Tensor& y) {
    return torch::nn::functional::cross_entropy(fc->forward(emb->forward(ids)), y);
  }
  torch::nn::Embedding emb{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::Tensor unused;
};

bool worker_of(const char* what) {
  const char* w = std::getenv("EMOREC_DIST_WORKER");
  return w && std::string(w) == what;
}

// The worker: runs only under the launcher (DistGradients.TwoProcessesAverageLikeOne starts it).
TEST(DistWorker, BucketedGradientsEqualTheWholeBatchs) {
  if (!worker_of("gradients")) GTEST_SKIP() << "started by DistGradients.TwoProcessesAverageLikeOne";
  auto& world = dist::World::get();
  world.init({"gloo", 30}, torch::kCPU);
  ASSERT_EQ(world.size(), 2);
  torch::manual_seed(3);  // the same batch on both ranks
  const auto ids = torch::randint(0, 50, {37}, torch::TensorOptions().dtype(torch::kLong).device(torch::kCPU));
  const auto y = torch::randint(0, 3, {37}, torch::kLong);
  // Every rank computes the reference: the whole batch in one process.
  Net reference;
  reference.loss(ids, y).backward();
  for (const bool overlap : {true, false}) {
    for (const double bucket_mb : {25.0, 0.0001}) {
      Net net;
      dist::GradientSync sync(world, net.parameters(), bucket_mb, overlap);
      const auto part = dist::shard_of(37, world.rank(), 2);
      sync.begin(static_cast<double>(part.size()) / 37.0);
      net.loss(ids.narrow(0, part.begin, part.size()), y.narrow(0, part.begin, part.size())).backward();
      sync.finish();
      const auto got = net.parameters(), want = reference.parameters();
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].grad().defined(), want[i].grad().defined()) << i;
        if (!want[i].grad().defined()) continue;
        EXPECT_LE((got[i].grad() - want[i].grad()).abs().max().item<double>(), 1e-6)
            << "parameter " << i << " overlap " << overlap << " bucket " << bucket_mb;
      }
    }
  }
  // Batch-norm statistics of different widths (3 and 5 channels) average over the ranks: rank r holds r + 1
  // times a ramp, so the average is 1.5 times it.
  torch::nn::Sequential bns(torch::nn::BatchNorm1d(3), torch::nn::BatchNorm1d(5));
  for (auto& b : bns->buffers()) {
    if (b.is_floating_point()) b.copy_(torch::arange(b.numel()).to(b.dtype()) * (world.rank() + 1));
  }
  dist::average_buffers(world, *bns);
  for (auto& b : bns->buffers()) {
    if (!b.is_floating_point()) continue;
    EXPECT_TRUE(torch::allclose(b, torch::arange(b.numel()).to(b.dtype()) * 1.5)) << b;
  }
}

TEST(DistGradients, TwoProcessesAverageLikeOne) {
  if (std::getenv("WORLD_SIZE")) GTEST_SKIP() << "running as a worker";
  setenv("EMOREC_DIST_WORKER", "gradients", 1);
  dist::LaunchOptions o;
  o.nproc_per_node = 2;
  o.master_port = 29651;
  const auto r =
      dist::launch({"/proc/self/exe", "--gtest_filter=DistWorker.BucketedGradientsEqualTheWholeBatchs"}, o);
  unsetenv("EMOREC_DIST_WORKER");
  EXPECT_EQ(r.exit_code, 0) << r.failure;
}

// The row-sharded table's worker: every rank looks up its own batch (repeats, ids of every owner), a loss of
// the rows, the gradients sent back; against one process holding the whole table and all ranks' batches.
// Tolerance: rows exact (copies); gradients 1e-5 (sums of the same terms in another order).
TEST(DistWorker, ShardedLookupEqualsOneTable) {
  if (!worker_of("sharded")) GTEST_SKIP() << "started by DistSharded.TwoToFourRanksMatchOneTable";
  auto& world = dist::World::get();
  world.init({"gloo", 30}, torch::kCPU);
  const int64_t n = 103, d = 6, batch = 40;
  torch::manual_seed(11);
  const auto full = torch::randn({n, d});
  const auto target = torch::randn({d});
  auto batch_of = [&](int rank) {  // each rank's own batch, known to every rank for the reference
    torch::manual_seed(100 + rank);
    return torch::randint(0, n, {batch}, torch::kLong);
  };
  auto loss_of = [&](const torch::Tensor& rows) { return (rows * target).tanh().sum(); };
  dist::ShardedTable table(world, full);
  const auto mine = batch_of(world.rank());
  auto rows = table.lookup(mine);
  EXPECT_TRUE(rows.detach().equal(full.index_select(0, mine)));
  loss_of(rows).backward();
  table.backward(rows.grad());
  // One table, every rank's batch.
  auto single = full.clone().set_requires_grad(true);
  auto total = torch::zeros({});
  for (int r = 0; r < world.size(); ++r) total = total + loss_of(single.index_select(0, batch_of(r)));
  total.backward();
  const auto want = single.grad().index_select(0, table.owned_ids());
  EXPECT_LE((table.weight().grad() - want).abs().max().item<double>(), 1e-5);
  EXPECT_GT(table.bytes_sent(), 0);
}

TEST(DistSharded, TwoToFourRanksMatchOneTable) {
  if (std::getenv("WORLD_SIZE")) GTEST_SKIP() << "running as a worker";
  setenv("EMOREC_DIST_WORKER", "sharded", 1);
  for (int ranks : {2, 3, 4}) {
    dist::LaunchOptions o;
    o.nproc_per_node = ranks;
    o.master_port = 29660 + ranks;
    const auto r =
        dist::launch({"/proc/self/exe", "--gtest_filter=DistWorker.ShardedLookupEqualsOneTable"}, o);
    EXPECT_EQ(r.exit_code, 0) << ranks << " ranks: " << r.failure;
  }
  unsetenv("EMOREC_DIST_WORKER");
}

}  // namespace
}  // namespace emorec
