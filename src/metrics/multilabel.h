// Metrics of multi-label tagging over a whole split, as music-tagging papers report them (scikit-learn's
// roc_auc_score and average_precision_score, macro over tags): per tag, macro over all tags, and macro within
// each group of tags (MTG-Jamendo's genre, instrument, mood/theme).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace emorec::metrics {

// Average precision (the area under the precision-recall curve as scikit-learn's average_precision_score
// computes it: sum over distinct score thresholds, from the highest, of (R_n - R_{n-1}) P_n). NaN when no
// label is positive.
double average_precision(const std::vector<float>& scores, const std::vector<float>& labels);

struct TagScores {
  std::string tag, group;
  double roc_auc = 0, pr_auc = 0;  // NaN where the split holds only one class of this tag
  int64_t positives = 0;
};

struct GroupScores {
  std::string group;
  double roc_auc = 0, pr_auc = 0;  // macro over the group's tags with both classes
  int64_t tags = 0;
};

struct MultiLabelScores {
  double roc_auc = 0, pr_auc = 0;  // macro over the tags with both classes in the split
  int64_t undefined = 0;           // tags left out of the means (a single class in the split)
  std::vector<TagScores> per_tag;
  std::vector<GroupScores> per_group;  // in the order of `groups`
};

// probs and labels: [rows, tags] row-major; tag_groups[t] is tag t's group, `groups` the distinct groups.
MultiLabelScores multilabel_scores(const std::vector<float>& probs, const std::vector<float>& labels,
                                   const std::vector<std::string>& tags,
                                   const std::vector<std::string>& tag_groups,
                                   const std::vector<std::string>& groups);

}  // namespace emorec::metrics
