#include "app/policies.h"

#include <algorithm>

namespace emorec::app {

using config::IntRule;
using config::NumberRule;

void LiftConfig::visit(config::ConfigVisitor& v) {
  v.field("step", step, NumberRule::range(0, 1), "how far toward pleasant the target moves (valence + step, at most 1)");
}

void IsoConfig::visit(config::ConfigVisitor& v) {
  v.field("steps", steps, IntRule::range(2, 100), "targets from the listener's emotion to the goal, both included");
  v.section("goal", "the point the playlist ends at (default: Warriner et al.'s \"relaxed\", 7.25 and 2.49)", [&](config::ConfigVisitor& s) { goal.visit(s, false); });
}

const Registry<PolicyEntry>& policy_registry() {
  static const Registry<PolicyEntry> r = [] {
    Registry<PolicyEntry> reg("policy");
    reg.add("match", {"mood-congruent: music at the listener's own affect point",
                      [] { return config::make_options<config::NoOptions>(); },
                      [](const config::ComponentOptions&, const Affect& from) { return std::vector<Affect>{from}; }});
    reg.add("lift", {"toward pleasant: the listener's point with valence raised by `step`",
                     [] { return config::make_options<LiftConfig>(); },
                     [](const config::ComponentOptions& o, const Affect& from) {
                       Affect t = from;
                       t.valence = std::min(1.0, from.valence + o.as<LiftConfig>().step);
                       return std::vector<Affect>{t};
                     }});
    reg.add("iso", {"the iso principle: an ordered playlist whose targets move from the listener's emotion to a goal",
                    [] { return config::make_options<IsoConfig>(); },
                    [](const config::ComponentOptions& o, const Affect& from) {
                      const auto& iso = o.as<IsoConfig>();
                      std::vector<Affect> out;
                      for (int64_t i = 0; i < iso.steps; ++i) {
                        const double f = static_cast<double>(i) / static_cast<double>(iso.steps - 1);
                        out.push_back({from.valence + f * (iso.goal.valence - from.valence),
                                       from.arousal + f * (iso.goal.arousal - from.arousal)});
                      }
                      return out;
                    }});
    return reg;
  }();
  return r;
}

config::ChoiceSet policy_choices() { return config::registry_choices("policy", policy_registry()); }

}  // namespace emorec::app
