#include "run/classification_scores.h"

#include "core/error.h"

namespace emorec::run {

std::vector<std::string> classification_columns(const std::vector<std::string>& classes,
                                                const std::vector<std::string>& extra) {
  std::vector<std::string> c = {"loss", "acc", "f1"};
  c.insert(c.end(), extra.begin(), extra.end());
  for (const char* what : {"precision", "recall", "f1"}) {
    for (const auto& name : classes) c.push_back(std::string(what) + "_" + name);
  }
  return c;
}

Scores classification_scores(double loss, const metrics::Confusion& confusion, const std::vector<std::string>& classes,
                             const std::string& what) {
  Scores s;
  s.set("loss", loss);
  s.set("acc", metrics::accuracy(confusion));
  s.set("f1", metrics::macro_f1(confusion));  // macro F1 over the classes
  const auto per = metrics::per_class(confusion);
  for (size_t k = 0; k < per.size(); ++k) s.set("precision_" + classes[k], per[k].precision);
  for (size_t k = 0; k < per.size(); ++k) s.set("recall_" + classes[k], per[k].recall);
  for (size_t k = 0; k < per.size(); ++k) s.set("f1_" + classes[k], per[k].f1);
  nlohmann::json matrix = nlohmann::json::array();
  for (int64_t t = 0; t < confusion.classes; ++t) {
    nlohmann::json row = nlohmann::json::array();
    for (int64_t p = 0; p < confusion.classes; ++p) row.push_back(confusion.at(t, p));
    matrix.push_back(row);
  }
  s.detail = {{"confusion", matrix}, {"classes", classes}, {what, confusion.total()}};
  return s;
}

metrics::Confusion recorded_confusion(const Scores& s) {
  if (!s.detail.contains("confusion")) throw RunError("the recorded scores hold no confusion matrix");
  const auto& matrix = s.detail.at("confusion");
  metrics::Confusion c(static_cast<int64_t>(matrix.size()));
  for (size_t t = 0; t < matrix.size(); ++t) {
    if (matrix[t].size() != matrix.size()) throw RunError("a recorded confusion matrix is not square");
    for (size_t p = 0; p < matrix.size(); ++p) c.counts[t * matrix.size() + p] = matrix[t][p].get<int64_t>();
  }
  return c;
}

}  // namespace emorec::run
