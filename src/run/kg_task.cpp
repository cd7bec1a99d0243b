// The KG CTR task: KgTrainer on a KgDataset; every split is evaluated after every epoch, as KGCN reports, and
// the configured top-K protocols once, with the best epoch's model (train/kg_topk.h).
#include <chrono>
#include <cstdio>

#include "core/error.h"
#include "core/log.h"
#include "core/rng.h"
#include "data/kg_dataset.h"
#include "dist/world.h"
#include "run/phase_detail.h"
#include "run/task_factories.h"
#include "train/kg_topk.h"
#include "train/kg_trainer.h"

namespace emorec::run {
namespace {

Scores to_scores(const train::SplitMetrics& m) {
  Scores s;
  s.values = {{"loss", m.loss}, {"auc", m.auc}, {"acc", m.acc}, {"f1", m.f1},
              {"auc_batched", m.auc_batched}, {"f1_batched", m.f1_batched}};
  s.seconds = m.seconds;
  return s;
}

class KgTask : public Task {
 public:
  KgTask(const config::ExperimentConfig& config, torch::Device device, bool from_checkpoint) : config_(config) {
    dataset_ = data::load_kg_dataset(config_.data, static_cast<uint64_t>(config_.seed));
    log_info(dataset_.summary());
    trainer_ = std::make_unique<train::KgTrainer>(config_, dataset_, device, !from_checkpoint);
  }
  torch::nn::Module& model() override { return trainer_->model(); }
  torch::optim::Optimizer& optimizer() override { return trainer_->optimizer(); }
  std::vector<std::string> columns() const override {
    return {"loss", "auc", "acc", "f1", "auc_batched", "f1_batched"};
  }
  Scores train_epoch(int64_t epoch, bool progress) override {
    const auto m = trainer_->train_epoch(epoch, progress);
    Scores s = to_scores(m);
    add_phase_detail(s, m.phases);
    return s;
  }
  SplitScores evaluate_epoch(const Scores& train) override {
    auto t = trainer_->evaluate(dataset_.split.train);
    Scores train_row = to_scores(t);
    train_row.set("loss", train.get("loss"));  // the epoch's mean training loss, not the re-evaluated BCE
    train_row.seconds = train.seconds;
    train_row.detail = train.detail;
    return {{"train", train_row}, {"eval", evaluate("eval")}, {"test", evaluate("test")}};
  }
  Scores evaluate(const std::string& split) override {
    if (split == "train") return to_scores(trainer_->evaluate(dataset_.split.train));
    if (split == "eval") return to_scores(trainer_->evaluate(dataset_.split.eval));
    if (split == "test") return to_scores(trainer_->evaluate(dataset_.split.test));
    if (split == "topk_full") return topk(train::TopKProtocol::kFull);
    if (split == "topk_sampled") return topk(train::TopKProtocol::kSampled);
    throw RunError("no split \"" + split + "\" in a KG task (train, eval, test, topk_full, topk_sampled)");
  }
  std::vector<std::string> final_splits() const override {
    const auto& p = config_.eval.topk_protocol;
    if (p == "both") return {"topk_full", "topk_sampled"};
    if (p == "full" || p == "sampled") return {"topk_" + p};
    return {};
  }
  std::string epoch_line(int64_t epoch, int64_t epochs, const SplitScores& s) const override {
    char line[256];
    std::snprintf(line, sizeof line,
                  "epoch %lld/%lld  loss %.4f  train auc %.4f  eval auc %.4f f1 %.4f  test auc %.4f f1 %.4f  (%.1fs)",
                  static_cast<long long>(epoch), static_cast<long long>(epochs), s[0].second.get("loss"),
                  s[0].second.get("auc"), s[1].second.get("auc"), s[1].second.get("f1"), s[2].second.get("auc"),
                  s[2].second.get("f1"), s[0].second.seconds);
    return line;
  }

 private:
  Scores topk(train::TopKProtocol protocol) {
    // Data-parallel: rank 0 alone ranks (it alone records the result); the others do not repeat the work.
    if (!dist::World::get().leader()) return Scores{};
    const auto t0 = std::chrono::steady_clock::now();
    train::TopKOptions o;
    o.protocol = protocol;
    o.cutoffs = config_.eval.topk;
    o.max_users = config_.eval.topk_users;
    o.negatives = config_.eval.topk_negatives;
    o.seed = derive_seed(static_cast<uint64_t>(config_.seed), "topk");
    o.batch_pairs = config_.eval.batch_size;
    Scores s;
    for (const auto& [name, value] : train::evaluate_topk(
             dataset_, [this](const torch::Tensor& u, const torch::Tensor& i) { return trainer_->score_pairs(u, i); },
             o)) {
      s.set(name, value);
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s;
  }

  config::ExperimentConfig config_;
  data::KgDataset dataset_;
  std::unique_ptr<train::KgTrainer> trainer_;
};

}  // namespace

std::unique_ptr<Task> make_kg_task(const config::ExperimentConfig& config, torch::Device device, bool from_checkpoint) {
  return std::make_unique<KgTask>(config, device, from_checkpoint);
}

}  // namespace emorec::run
