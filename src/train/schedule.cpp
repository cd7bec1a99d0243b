// constant, step, cosine and plateau schedules, each with its own keys.
#include "train/schedule.h"

#include <cmath>
#include <functional>

#include "core/registry.h"

namespace emorec::train {
namespace {

using config::IntRule;
using config::NumberRule;
using Rule = std::function<double(const config::ComponentOptions&, double, int64_t, int64_t, const PlateauState&)>;
using Observer = std::function<void(const config::ComponentOptions&, PlateauState&, double)>;

struct ScheduleEntry {
  std::string description;
  std::function<config::ComponentOptions()> options;
  Rule rate;
  Observer observe = nullptr;  // schedules that follow the eval metric: records an epoch's value
};

void observe_plateau(const config::ComponentOptions& o, PlateauState& state, double metric) {
  const auto& s = o.as<PlateauSchedule>();
  if (metric > state.best * (1.0 + s.threshold) || !std::isfinite(state.best)) {
    state.best = metric, state.bad_epochs = 0;
  } else if (++state.bad_epochs > s.patience) {
    state.scale *= s.gamma, state.bad_epochs = 0;
  }
}

const Registry<ScheduleEntry>& schedules() {
  static const Registry<ScheduleEntry> r = [] {
    Registry<ScheduleEntry> reg("schedule");
    reg.add("constant", {"the optimiser's learning rate in every epoch",
                         [] { return config::make_options<config::NoOptions>(); },
                         [](const config::ComponentOptions&, double lr, int64_t, int64_t, const PlateauState&) {
                           return lr;
                         }});
    reg.add("step", {"the rate times gamma every step_size epochs", [] { return config::make_options<StepSchedule>(); },
                     [](const config::ComponentOptions& o, double lr, int64_t epoch, int64_t, const PlateauState&) {
                       const auto& s = o.as<StepSchedule>();
                       return lr * std::pow(s.gamma, static_cast<double>(epoch / s.step_size));
                     }});
    reg.add("cosine", {"cosine annealing from the rate to min_lr over the run (PyTorch's CosineAnnealingLR)",
                       [] { return config::make_options<CosineSchedule>(); },
                       [](const config::ComponentOptions& o, double lr, int64_t epoch, int64_t epochs,
                          const PlateauState&) {
                         // T_max = epochs: the last epoch still trains above min_lr.
                         const auto& s = o.as<CosineSchedule>();
                         const double t = static_cast<double>(epoch) / static_cast<double>(epochs);
                         return s.min_lr + (lr - s.min_lr) * 0.5 * (1.0 + std::cos(M_PI * t));
                       }});
    reg.add("plateau", {"reduce on plateau of the eval metric (PyTorch's ReduceLROnPlateau, mode max)",
                        [] { return config::make_options<PlateauSchedule>(); },
                        [](const config::ComponentOptions& o, double lr, int64_t, int64_t, const PlateauState& p) {
                          return std::max(o.as<PlateauSchedule>().min_lr, lr * p.scale);
                        },
                        observe_plateau});
    return reg;
  }();
  return r;
}

}  // namespace

void StepSchedule::visit(config::ConfigVisitor& v) {
  v.field("step_size", step_size, IntRule::at_least(1), "epochs between decays");
  v.field("gamma", gamma, NumberRule::positive(), "factor applied at each decay");
}

void CosineSchedule::visit(config::ConfigVisitor& v) {
  v.field("min_lr", min_lr, NumberRule::non_negative(), "the floor the rate decays towards (reached after the last epoch)");
}

void PlateauSchedule::visit(config::ConfigVisitor& v) {
  v.field("gamma", gamma, NumberRule::positive(), "factor applied at each decay");
  v.field("min_lr", min_lr, NumberRule::non_negative(), "the lowest rate");
  v.field("patience", patience, IntRule::range(0, 100000),
          "the rate is multiplied by gamma once more than this many epochs in a row have not improved the eval "
          "metric (PyTorch's ReduceLROnPlateau patience)");
  v.field("threshold", threshold, NumberRule::range(0, 1),
          "an epoch improves if its eval metric beats the best by this relative margin");
}

std::vector<std::string> schedule_names() { return schedules().names(); }

config::ChoiceSet schedule_choices() { return config::registry_choices("schedule", schedules()); }

double scheduled_lr(const config::ScheduleConfig& schedule, double base_lr, int64_t epoch, int64_t epochs,
                    const PlateauState& plateau) {
  return schedules().at(schedule.name).rate(schedule.options, base_lr, epoch, epochs, plateau);
}

void observe_epoch(const config::ScheduleConfig& schedule, PlateauState& state, double metric) {
  const auto& entry = schedules().at(schedule.name);
  if (entry.observe) entry.observe(schedule.options, state, metric);
}

}  // namespace emorec::train
