// The facial-emotion task: FerTrainer on FER2013. Training selects on PublicTest ("eval") every epoch;
// PrivateTest ("test") and PublicTest+PrivateTest ("eval+test") are evaluated once, on the best checkpoint.
#include <cstdio>
#include <map>

#include "core/error.h"
#include "core/log.h"
#include "data/fer/fer_dataset.h"
#include "run/classification_scores.h"
#include "run/phase_detail.h"
#include "run/task_factories.h"
#include "train/fer_trainer.h"

namespace emorec::run {
namespace {

const std::vector<std::string>& fer_classes() {
  static const std::vector<std::string> names(data::fer_class_names().begin(), data::fer_class_names().end());
  return names;
}

Scores eval_scores(const train::FerEvalStats& st) {
  Scores s = classification_scores(st.loss, st.confusion, fer_classes(), "images");
  s.seconds = st.seconds;
  return s;
}

// The statistics eval_scores() made `s` from (confusion and loss; no time: nothing was evaluated).
train::FerEvalStats stats_of(const Scores& s) {
  train::FerEvalStats st;
  st.confusion = recorded_confusion(s);
  st.loss = s.get("loss");
  return st;
}

class FerTask : public Task {
 public:
  FerTask(const config::ExperimentConfig& config, torch::Device device) : config_(config) {
    dataset_ = data::load_fer_dataset(config_.data, static_cast<uint64_t>(config_.seed));
    log_info(dataset_.summary());
    trainer_ = std::make_unique<train::FerTrainer>(config_, dataset_, device);
  }
  torch::nn::Module& model() override { return trainer_->model(); }
  torch::optim::Optimizer& optimizer() override { return trainer_->optimizer(); }
  std::vector<std::string> columns() const override {
    return classification_columns(fer_classes(), {"images_per_second"});
  }
  Scores train_epoch(int64_t epoch, bool progress) override {
    const auto st = trainer_->train_epoch(epoch, progress);
    Scores s;
    s.set("loss", st.loss);
    s.set("acc", st.acc);
    s.set("images_per_second", st.images_per_second);
    s.seconds = st.seconds;
    add_phase_detail(s, st.phases);
    return s;
  }
  SplitScores evaluate_epoch(const Scores& train) override { return {{"train", train}, {"eval", evaluate("eval")}}; }
  std::vector<std::string> final_splits() const override { return {"test", "eval+test"}; }
  // eval+test from the eval and test passes of the same model: its confusion is their sum and its loss their
  // image-weighted mean, so the union is not evaluated a second time; a pass already `known` (the best
  // epoch's PublicTest, for its checkpoint) is read back from its scores instead of run again.
  SplitScores evaluate_all(const std::vector<std::string>& splits,
                           const std::map<std::string, Scores>& known) override {
    std::map<std::string, train::FerEvalStats> done;
    auto stats = [&](const std::string& split) -> const train::FerEvalStats& {
      auto it = done.find(split);
      if (it != done.end()) return it->second;
      const auto k = known.find(split);
      auto st = k != known.end() ? stats_of(k->second) : trainer_->evaluate(rows_of(split));
      return done.emplace(split, std::move(st)).first->second;
    };
    SplitScores out;
    for (const auto& split : splits) {
      if (split == "eval+test") {
        out.emplace_back(split, eval_scores(train::combine(stats("eval"), stats("test"))));
      } else {
        out.emplace_back(split, eval_scores(stats(split)));
      }
    }
    return out;
  }
  Scores evaluate(const std::string& split) override { return evaluate_all({split}, {}).front().second; }
  std::string epoch_line(int64_t epoch, int64_t epochs, const SplitScores& s) const override {
    char line[256];
    std::snprintf(line, sizeof line,
                  "epoch %lld/%lld  loss %.4f  train acc %.4f  eval (PublicTest) loss %.4f acc %.4f f1 %.4f  "
                  "(%.1fs, %.0f img/s)",
                  static_cast<long long>(epoch), static_cast<long long>(epochs), s[0].second.get("loss"),
                  s[0].second.get("acc"), s[1].second.get("loss"), s[1].second.get("acc"), s[1].second.get("f1"),
                  s[0].second.seconds, s[0].second.get("images_per_second"));
    return line;
  }

 private:
  std::vector<int64_t> rows_of(const std::string& split) const {
    if (split == "eval") return dataset_.eval;
    if (split == "test") return dataset_.test;
    if (split == "train") return dataset_.train;
    throw RunError("no split \"" + split + "\" in a FER task (train, eval, test, eval+test)");
  }

  config::ExperimentConfig config_;
  data::FerDataset dataset_;
  std::unique_ptr<train::FerTrainer> trainer_;
};

}  // namespace

std::unique_ptr<Task> make_fer_task(const config::ExperimentConfig& config, torch::Device device, bool) {
  return std::make_unique<FerTask>(config, device);
}

}  // namespace emorec::run
