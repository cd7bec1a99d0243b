// Name -> component registry: configs choose datasets, models, optimisers and schedules by name; an
// unknown name is a ConfigError listing the known ones.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace emorec {

template <class Entry>
class Registry {
 public:
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  Registry& add(const std::string& name, Entry entry) {
    if (!entries_.emplace(name, std::move(entry)).second) {
      throw std::logic_error(kind_ + " \"" + name + "\" registered twice");
    }
    return *this;
  }

  bool contains(const std::string& name) const { return entries_.count(name) != 0; }

  const Entry& at(const std::string& name) const {
    auto it = entries_.find(name);
    if (it == entries_.end()) {
      std::string known;
      for (const auto& kv : entries_) known += (known.empty() ? "" : ", ") + kv.first;
      throw ConfigError("unknown " + kind_ + " \"" + name + "\" (known: " + known + ")");
    }
    return it->second;
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& kv : entries_) out.push_back(kv.first);
    return out;
  }

  const std::string& kind() const { return kind_; }
  const std::map<std::string, Entry>& entries() const { return entries_; }

 private:
  std::string kind_;
  std::map<std::string, Entry> entries_;
};

}  // namespace emorec
