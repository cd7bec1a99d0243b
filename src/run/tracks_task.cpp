// The mood-classification task: TracksTrainer on one cross-validation split of a labelled tracks data set.
// The eval rows (held out of the training folds) select the epoch; the held-out fold ("test") is evaluated
// once, on the best checkpoint, so it never selects anything.
#include <cstdio>

#include "core/error.h"
#include "core/log.h"
#include "data/tracks/tracks_dataset.h"
#include "run/classification_scores.h"
#include "run/phase_detail.h"
#include "run/task_factories.h"
#include "train/tracks_trainer.h"

namespace emorec::run {
namespace {

Scores eval_scores(const train::TrackEvalStats& st) {
  Scores s = classification_scores(st.loss, st.confusion, data::mood_names(), "tracks");
  s.seconds = st.seconds;
  return s;
}

class TracksTask : public Task {
 public:
  TracksTask(const config::ExperimentConfig& config, torch::Device device, bool from_checkpoint) : config_(config) {
    dataset_ = data::load_tracks_dataset(config_.data, static_cast<uint64_t>(config_.seed));
    log_info(dataset_.summary());
    trainer_ = std::make_unique<train::TracksTrainer>(config_, dataset_, device, !from_checkpoint);
  }
  torch::nn::Module& model() override { return trainer_->model(); }
  torch::optim::Optimizer& optimizer() override { return trainer_->optimizer(); }
  std::vector<std::string> columns() const override { return classification_columns(data::mood_names()); }
  Scores train_epoch(int64_t epoch, bool progress) override {
    const auto st = trainer_->train_epoch(epoch, progress);
    Scores s;
    s.set("loss", st.loss);
    s.set("acc", st.acc);
    s.seconds = st.seconds;
    add_phase_detail(s, st.phases);
    return s;
  }
  SplitScores evaluate_epoch(const Scores& train) override { return {{"train", train}, {"eval", evaluate("eval")}}; }
  std::vector<std::string> final_splits() const override { return {"test"}; }
  Scores evaluate(const std::string& split) override {
    if (split == "train") return eval_scores(trainer_->evaluate(dataset_.split.train));
    if (split == "eval") return eval_scores(trainer_->evaluate(dataset_.split.eval));
    if (split == "test") return eval_scores(trainer_->evaluate(dataset_.split.test));
    throw RunError("no split \"" + split + "\" in a tracks task (train, eval, test)");
  }
  std::string epoch_line(int64_t epoch, int64_t epochs, const SplitScores& s) const override {
    char line[200];
    std::snprintf(line, sizeof line, "epoch %lld/%lld  loss %.4f  train acc %.4f  eval loss %.4f acc %.4f f1 %.4f  (%.2fs)",
                  static_cast<long long>(epoch), static_cast<long long>(epochs), s[0].second.get("loss"),
                  s[0].second.get("acc"), s[1].second.get("loss"), s[1].second.get("acc"), s[1].second.get("f1"),
                  s[0].second.seconds);
    return line;
  }

 private:
  config::ExperimentConfig config_;
  data::TracksDataset dataset_;
  std::unique_ptr<train::TracksTrainer> trainer_;
};

}  // namespace

std::unique_ptr<Task> make_tracks_task(const config::ExperimentConfig& config, torch::Device device,
                                       bool from_checkpoint) {
  return std::make_unique<TracksTask>(config, device, from_checkpoint);
}

}  // namespace emorec::run
