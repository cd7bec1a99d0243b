// Learning-rate schedules by name (`train.schedule.name`): a pure function of the epoch and, for plateau, of a
// small state that checkpoints carry, so a resumed run continues the same rates.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "config/experiment.h"

namespace emorec::train {

std::vector<std::string> schedule_names();
// Every schedule with its keys, for the config reader.
config::ChoiceSet schedule_choices();

// The keys of the step, cosine and plateau schedules (constant has none).
struct StepSchedule {
  int64_t step_size = 1;
  double gamma = 0.1;
  void visit(config::ConfigVisitor& v);
};
struct CosineSchedule {
  double min_lr = 0.0;
  void visit(config::ConfigVisitor& v);
};
struct PlateauSchedule {
  double gamma = 0.1;
  double min_lr = 0.0;
  int64_t patience = 5;
  double threshold = 1e-4;
  void visit(config::ConfigVisitor& v);
};

// ReduceLROnPlateau (PyTorch semantics, mode max, relative threshold, no cooldown): the factor applied to the
// base rate so far, and the tracking of the best eval metric.
struct PlateauState {
  double scale = 1.0;
  double best = -std::numeric_limits<double>::infinity();
  int64_t bad_epochs = 0;
};
// Records one epoch's eval metric (higher is better) in the state of a schedule that follows it; the others
// ignore it. Plateau multiplies the scale by gamma after more than `patience` epochs without improvement.
void observe_epoch(const config::ScheduleConfig& schedule, PlateauState& state, double metric);

// Learning rate for 0-based `epoch` of `epochs`, starting from `base_lr` (`plateau` matters to plateau only).
double scheduled_lr(const config::ScheduleConfig& schedule, double base_lr, int64_t epoch, int64_t epochs,
                    const PlateauState& plateau = {});

}  // namespace emorec::train
