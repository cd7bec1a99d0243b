// The music-tagging task: AudioTrainer on an audio data set's splits. The eval tracks select the epoch
// (ROC-AUC or PR-AUC, macro over tags); the test tracks are evaluated once, on the best checkpoint.
#include <cctype>
#include <cstdio>

#include "core/error.h"
#include "core/log.h"
#include "data/audio/audio_dataset.h"
#include "run/phase_detail.h"
#include "run/task_factories.h"
#include "train/audio_trainer.h"

namespace emorec::run {
namespace {

// A group's name as a column suffix: "mood/theme" -> "mood_theme".
std::string column_name(const std::string& group) {
  std::string out = group;
  for (auto& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

class AudioTask : public Task {
 public:
  AudioTask(const config::ExperimentConfig& config, torch::Device device) : config_(config) {
    dataset_ = data::load_audio_dataset(config_.data, device);
    log_info(dataset_.summary());
    groups_ = dataset_.table.groups();
    trainer_ = std::make_unique<train::AudioTrainer>(config_, dataset_, device);
  }
  torch::nn::Module& model() override { return trainer_->model(); }
  torch::optim::Optimizer& optimizer() override { return trainer_->optimizer(); }
  std::vector<std::string> columns() const override {
    std::vector<std::string> c{"loss", "auc", "pr_auc"};
    if (groups_.size() > 1) {
      for (const auto& g : groups_) c.push_back("auc_" + column_name(g));
      for (const auto& g : groups_) c.push_back("pr_auc_" + column_name(g));
    }
    return c;
  }
  Scores train_epoch(int64_t epoch, bool progress) override {
    const auto st = trainer_->train_epoch(epoch, progress);
    Scores s;
    s.set("loss", st.loss);
    s.seconds = st.seconds;
    add_phase_detail(s, st.phases);
    return s;
  }
  SplitScores evaluate_epoch(const Scores& train) override {
    return {{"train", train}, {"eval", evaluate("eval")}};
  }
  std::vector<std::string> final_splits() const override { return {"test"}; }
  Scores evaluate(const std::string& split) override {
    if (split == "train") return scores(trainer_->evaluate(dataset_.train));
    if (split == "eval") return scores(trainer_->evaluate(dataset_.eval));
    if (split == "test") {
      if (dataset_.test.empty()) throw DataError(dataset_.table.source + ": no usable test tracks");
      return scores(trainer_->evaluate(dataset_.test));
    }
    throw RunError("no split \"" + split + "\" in an audio tagging task (train, eval, test)");
  }
  std::string epoch_line(int64_t epoch, int64_t epochs, const SplitScores& s) const override {
    char line[200];
    std::snprintf(
        line, sizeof line, "epoch %lld/%lld  loss %.4f  eval loss %.4f roc-auc %.4f pr-auc %.4f  (%.2fs)",
        static_cast<long long>(epoch), static_cast<long long>(epochs), s[0].second.get("loss"),
        s[1].second.get("loss"), s[1].second.get("auc"), s[1].second.get("pr_auc"), s[0].second.seconds);
    return line;
  }

 private:
  Scores scores(const train::AudioEvalStats& st) const {
    Scores s;
    s.set("loss", st.loss);
    s.set("auc", st.scores.roc_auc);
    s.set("pr_auc", st.scores.pr_auc);
    if (groups_.size() > 1) {
      for (const auto& g : st.scores.per_group) s.set("auc_" + column_name(g.group), g.roc_auc);
      for (const auto& g : st.scores.per_group) s.set("pr_auc_" + column_name(g.group), g.pr_auc);
    }
    nlohmann::json tags = nlohmann::json::array();
    for (const auto& t : st.scores.per_tag) {
      tags.push_back({{"tag", t.tag},
                      {"group", t.group},
                      {"roc_auc", t.roc_auc},
                      {"pr_auc", t.pr_auc},
                      {"positives", t.positives}});
    }
    s.detail["per_tag"] = tags;
    s.detail["tracks"] = st.probs.size() / static_cast<size_t>(std::max<int64_t>(dataset_.tags(), 1));
    s.detail["tags_without_both_classes"] = st.scores.undefined;
    s.seconds = st.seconds;
    return s;
  }

  config::ExperimentConfig config_;
  data::AudioDataset dataset_;
  std::vector<std::string> groups_;
  std::unique_ptr<train::AudioTrainer> trainer_;
};

}  // namespace

std::unique_ptr<Task> make_audio_task(const config::ExperimentConfig& config, torch::Device device, bool) {
  return std::make_unique<AudioTask>(config, device);
}

}  // namespace emorec::run
