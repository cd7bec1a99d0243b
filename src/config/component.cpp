// Choice sets of registered components.
#include "config/component.h"

#include <algorithm>

namespace emorec::config {

std::vector<std::string> ChoiceSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries) out.push_back(name);
  return out;
}

void expect_same_names(const ChoiceSet& set, const std::string& family,
                       const std::vector<std::string>& built) {
  std::vector<std::string> chosen;
  for (const auto& [name, entry] : set.entries) {
    if (family.empty() || entry.family == family) chosen.push_back(name);
  }
  auto sorted = built;
  std::sort(sorted.begin(), sorted.end());
  if (chosen != sorted) {
    const auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    throw std::logic_error("the " + set.kind + " choices" + (family.empty() ? "" : " of family " + family) +
                           " (" + join(chosen) + ") and the builds registered (" + join(sorted) + ") differ");
  }
}

Choices& Choices::add(ChoiceSet set) {
  const std::string kind = set.kind;
  if (!sets_.emplace(kind, std::move(set)).second) throw std::logic_error("choices of " + kind + " given twice");
  return *this;
}

const ChoiceSet& Choices::at(const std::string& kind) const {
  const auto it = sets_.find(kind);
  if (it == sets_.end()) throw std::logic_error("no choices of " + kind + " were provided to the config reader");
  return it->second;
}

}  // namespace emorec::config
