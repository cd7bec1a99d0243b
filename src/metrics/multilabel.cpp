#include "metrics/multilabel.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "metrics/classification.h"

namespace emorec::metrics {

double average_precision(const std::vector<float>& scores, const std::vector<float>& labels) {
  if (scores.size() != labels.size()) throw std::invalid_argument("average_precision: sizes differ");
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  double positives = 0;
  for (const float l : labels) positives += l > 0.5f ? 1 : 0;
  if (positives == 0) return NAN;
  double tp = 0, fp = 0, recall_before = 0, ap = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    (labels[order[i]] > 0.5f ? tp : fp) += 1;
    // One step per distinct threshold: wait for the last of a run of equal scores.
    if (i + 1 < order.size() && scores[order[i + 1]] == scores[order[i]]) continue;
    const double recall = tp / positives;
    ap += (recall - recall_before) * tp / (tp + fp);
    recall_before = recall;
  }
  return ap;
}

MultiLabelScores multilabel_scores(const std::vector<float>& probs, const std::vector<float>& labels,
                                   const std::vector<std::string>& tags,
                                   const std::vector<std::string>& tag_groups,
                                   const std::vector<std::string>& groups) {
  const size_t t_count = tags.size();
  if (t_count == 0 || probs.size() != labels.size() || probs.size() % t_count != 0 ||
      tag_groups.size() != t_count) {
    throw std::invalid_argument("multilabel_scores: shapes disagree");
  }
  const size_t rows = probs.size() / t_count;
  MultiLabelScores out;
  std::vector<double> roc_sum(groups.size(), 0), pr_sum(groups.size(), 0);
  std::vector<int64_t> defined(groups.size(), 0);
  double roc_total = 0, pr_total = 0;
  int64_t defined_total = 0;
  std::vector<float> s(rows), l(rows);
  for (size_t t = 0; t < t_count; ++t) {
    TagScores ts;
    ts.tag = tags[t], ts.group = tag_groups[t];
    for (size_t r = 0; r < rows; ++r) {
      s[r] = probs[r * t_count + t], l[r] = labels[r * t_count + t];
      ts.positives += l[r] > 0.5f ? 1 : 0;
    }
    ts.roc_auc = roc_auc(s, l);
    ts.pr_auc = std::isnan(ts.roc_auc) ? NAN : average_precision(s, l);
    const auto g = static_cast<size_t>(std::find(groups.begin(), groups.end(), ts.group) - groups.begin());
    if (g == groups.size())
      throw std::invalid_argument("multilabel_scores: tag " + ts.tag + " in no listed group");
    if (std::isnan(ts.roc_auc)) {
      ++out.undefined;
    } else {
      roc_total += ts.roc_auc, pr_total += ts.pr_auc, ++defined_total;
      roc_sum[g] += ts.roc_auc, pr_sum[g] += ts.pr_auc, ++defined[g];
    }
    out.per_tag.push_back(ts);
  }
  out.roc_auc = defined_total ? roc_total / static_cast<double>(defined_total) : NAN;
  out.pr_auc = defined_total ? pr_total / static_cast<double>(defined_total) : NAN;
  for (size_t g = 0; g < groups.size(); ++g) {
    const double n = static_cast<double>(defined[g]);
    out.per_group.push_back(
        {groups[g], defined[g] ? roc_sum[g] / n : NAN, defined[g] ? pr_sum[g] / n : NAN, defined[g]});
  }
  return out;
}

}  // namespace emorec::metrics
