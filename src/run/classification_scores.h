// The scores of a multi-class split (FER's 7 emotions, the 4 track moods): loss, accuracy, macro F1 and
// per-class precision, recall and F1 as values, the confusion matrix and class names as detail; and the
// confusion matrix read back from such scores.
#pragma once
#include <string>
#include <vector>

#include "metrics/multiclass.h"
#include "run/scores.h"

namespace emorec::run {

// loss, acc, f1, then precision_<class>, recall_<class>, f1_<class> for every class, after `extra` (inserted
// after f1: e.g. images_per_second).
std::vector<std::string> classification_columns(const std::vector<std::string>& classes,
                                                const std::vector<std::string>& extra = {});

// The scores of one evaluation; `what` names the rows in the detail ("images", "tracks") with their count.
Scores classification_scores(double loss, const metrics::Confusion& confusion, const std::vector<std::string>& classes,
                             const std::string& what);

// The confusion matrix classification_scores() recorded in `s`; RunError if it is missing or not square.
metrics::Confusion recorded_confusion(const Scores& s);

}  // namespace emorec::run
