#include "train/data_parallel.h"

#include <cmath>

#include "core/error.h"

namespace emorec::train {

DataParallel::DataParallel(const config::ExperimentConfig& config, torch::nn::Module& module)
    : world_(dist::World::get()), module_(module) {
  if (!world_.distributed()) return;
  if (config.train.batch_size < world_.size()) {
    throw ConfigError("train.batch_size: " + std::to_string(config.train.batch_size) + " is smaller than the " +
                      std::to_string(world_.size()) + " ranks of the job; each rank needs rows of every batch");
  }
  dist::broadcast_module(world_, module);
  const auto& d = config.train.distributed;
  sync_ = std::make_unique<dist::GradientSync>(world_, module.parameters(), d.bucket_mb, d.overlap);
}

torch::Tensor DataParallel::shard(const torch::Tensor& rows) const {
  if (!active()) return rows;
  const auto s = dist::shard_of(rows.size(0), world_.rank(), world_.size());
  return rows.narrow(0, s.begin, s.size());
}

double DataParallel::share(int64_t global_rows) const {
  if (!active()) return 1.0;
  return static_cast<double>(dist::shard_of(global_rows, world_.rank(), world_.size()).size()) /
         static_cast<double>(global_rows);
}

void DataParallel::begin(int64_t global_rows, int64_t local_rows) {
  if (sync_) sync_->begin(static_cast<double>(local_rows) / static_cast<double>(global_rows));
}

void DataParallel::finish(StepClock& clock) {
  if (!sync_) return;
  sync_->finish();
  clock.lap(StepPhases::kComm);
}

void DataParallel::sum(std::vector<double>& values) {
  if (!active() || values.empty()) return;
  std::vector<torch::Tensor> t{torch::from_blob(values.data(), {static_cast<int64_t>(values.size())}, torch::kDouble)};
  world_.all_reduce_sum(t, "epoch statistics");
}

void DataParallel::sum(std::vector<float>& values) {
  if (!active() || values.empty()) return;
  std::vector<torch::Tensor> t{torch::from_blob(values.data(), {static_cast<int64_t>(values.size())}, torch::kFloat)};
  world_.all_reduce_sum(t, "evaluation results");
}

void DataParallel::sum(metrics::Confusion& confusion, double* loss_sum) {
  if (!active()) return;
  std::vector<double> v(confusion.counts.begin(), confusion.counts.end());  // counts below 2^53: exact
  v.push_back(*loss_sum);
  sum(v);
  for (size_t i = 0; i < confusion.counts.size(); ++i) confusion.counts[i] = static_cast<int64_t>(v[i]);
  *loss_sum = v.back();
}

void DataParallel::sync_buffers() { dist::average_buffers(world_, module_); }

uint64_t DataParallel::rank_seed(uint64_t seed) const { return world_.rank_seed(seed); }

void check_finite_loss(double value, int64_t epoch, int64_t step, const DataParallel& dp, const std::string& hint) {
  if (std::isfinite(value)) return;
  throw RunError("non-finite training loss (" + std::to_string(value) + ") at epoch " + std::to_string(epoch + 1) +
                 ", step " + std::to_string(step + 1) +
                 (dp.active() ? " on rank " + std::to_string(dp.rank()) : std::string()) + "; " + hint);
}

}  // namespace emorec::train
