// constant, step, cosine and plateau schedules.
#include "train/schedule.h"

#include <cmath>
#include <functional>

#include "core/registry.h"

namespace emorec::train {
namespace {

using Rule = std::function<double(const config::ScheduleConfig&, double, int64_t, int64_t, const PlateauState&)>;

const Registry<Rule>& schedules() {
  static const Registry<Rule> r = [] {
    Registry<Rule> reg("schedule");
    reg.add("constant", [](const config::ScheduleConfig&, double lr, int64_t, int64_t, const PlateauState&) { return lr; });
    reg.add("step", [](const config::ScheduleConfig& s, double lr, int64_t epoch, int64_t, const PlateauState&) {
      return lr * std::pow(s.gamma, static_cast<double>(epoch / s.step_size));
    });
    reg.add("cosine", [](const config::ScheduleConfig& s, double lr, int64_t epoch, int64_t epochs, const PlateauState&) {
      // PyTorch's CosineAnnealingLR with T_max = epochs: the last epoch still trains above min_lr.
      const double t = static_cast<double>(epoch) / static_cast<double>(epochs);
      return s.min_lr + (lr - s.min_lr) * 0.5 * (1.0 + std::cos(M_PI * t));
    });
    reg.add("plateau", [](const config::ScheduleConfig& s, double lr, int64_t, int64_t, const PlateauState& p) {
      return std::max(s.min_lr, lr * p.scale);
    });
    return reg;
  }();
  return r;
}

}  // namespace

std::vector<std::string> schedule_names() { return schedules().names(); }

double scheduled_lr(const config::ScheduleConfig& schedule, double base_lr, int64_t epoch, int64_t epochs,
                    const PlateauState& plateau) {
  return schedules().at(schedule.name)(schedule, base_lr, epoch, epochs, plateau);
}

void update_plateau(const config::ScheduleConfig& schedule, PlateauState& state, double metric) {
  if (metric > state.best * (1.0 + schedule.threshold) || !std::isfinite(state.best)) {
    state.best = metric, state.bad_epochs = 0;
  } else if (++state.bad_epochs > schedule.patience) {
    state.scale *= schedule.gamma, state.bad_epochs = 0;
  }
}

}  // namespace emorec::train
