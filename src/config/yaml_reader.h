// The strict reader: fills typed config structs from a YAML tree. Unknown keys, wrong types, values out of
// range and missing required keys are ConfigErrors naming the file, line and key path, e.g.
//   configs/kg/x.yaml:14: train.optimizer.lr: expected a positive number, got "fast"
#pragma once
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "config/visitor.h"

namespace emorec::config {

// Where the tree came from: the file, and the key paths set from the command line (path -> "--set p=v").
struct YamlSource {
  std::string file;
  std::map<std::string, std::string> overrides;
};

class YamlReader final : public ConfigVisitor {
 public:
  // `node` is the mapping for key path `prefix` ("" for the document root); null means "absent".
  YamlReader(const YAML::Node& node, std::string prefix, const YamlSource& source, const Choices& choices);

  void field(const char* key, int64_t& value, const IntRule& rule, const char* doc, bool required) override;
  void field(const char* key, double& value, const NumberRule& rule, const char* doc, bool required) override;
  void field(const char* key, bool& value, const char* doc) override;
  void field(const char* key, std::string& value, const StringRule& rule, const char* doc,
             bool required) override;
  void field(const char* key, std::optional<double>& value, const NumberRule& rule, const char* doc) override;
  void field(const char* key, std::vector<double>& value, const NumberRule& rule, size_t length,
             const char* doc) override;
  void field(const char* key, std::vector<int64_t>& value, const IntRule& rule, const char* doc) override;
  void field(const char* key, std::vector<std::string>& value, const StringRule& rule, const char* doc) override;
  void section(const char* key, const char* doc, const std::function<void(ConfigVisitor&)>& body) override;
  void section_list(const char* key, const char* doc, size_t size, const std::function<void(size_t)>& resize,
                    const std::function<void(ConfigVisitor&, size_t)>& item, const char* noun, size_t min_items,
                    bool required) override;
  int line() const override;
  void reject(const char* key, const std::string& message) override;
  void choice(const char* key, std::string& name, ComponentOptions& options, const std::string& kind,
              const char* doc, bool required) override;
  const Choices& choices() const override { return choices_; }

  // Throws for every key of this mapping that no field visited (with a did-you-mean hint).
  void finish() const;

 private:
  // The child node for `key`, or an undefined node; marks the key as known.
  YAML::Node child(const char* key);
  std::string path_of(const std::string& key) const;
  [[noreturn]] void fail(const YAML::Node& where, const std::string& key, const std::string& message) const;
  [[noreturn]] void fail_type(const YAML::Node& node, const std::string& key, const std::string& expected) const;
  // A list of `length` numbers of type T (0: one or more), each accepted by `rule`; `noun` names them.
  template <typename T, typename Rule>
  void number_list(const char* key, std::vector<T>& value, const Rule& rule, size_t length, const std::string& noun);

  YAML::Node node_;
  std::string prefix_;
  const YamlSource& source_;
  const Choices& choices_;
  std::string component_;  // "model kg/kgcn" once a choice was read: named when a key is unknown here
  std::map<std::string, YAML::Node> children_;
  std::set<std::string> known_;
};

// Describes a node for "got ..." in messages: "fast" (quoted scalar), a list, a mapping, nothing.
std::string describe_node(const YAML::Node& node);

// Levenshtein distance, for did-you-mean hints.
size_t edit_distance(const std::string& a, const std::string& b);

}  // namespace emorec::config
