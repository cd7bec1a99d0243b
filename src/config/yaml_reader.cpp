// Strict YAML -> typed struct reader.
#include "config/yaml_reader.h"

#include <algorithm>
#include <sstream>

#include "config/component.h"
#include "core/error.h"

namespace emorec::config {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool is_present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

}  // namespace

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string describe_node(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  return "\"" + node.Scalar() + "\"";
}

YamlReader::YamlReader(const YAML::Node& node, std::string prefix, const YamlSource& source,
                       const Choices& choices)
    : node_(node), prefix_(std::move(prefix)), source_(source), choices_(choices) {
  if (!is_present(node_)) return;
  if (!node_.IsMap()) fail_type(node_, "", "a mapping");
  for (const auto& kv : node_) {
    if (!kv.first.IsScalar()) fail(kv.first, "", "keys must be plain names, got " + describe_node(kv.first));
    const std::string key = kv.first.Scalar();
    if (children_.count(key)) fail(kv.first, key, "duplicate key");
    children_.emplace(key, kv.second);
  }
}

std::string YamlReader::path_of(const std::string& key) const {
  if (prefix_.empty()) return key;
  if (key.empty()) return prefix_;
  return prefix_ + "." + key;
}

void YamlReader::fail(const YAML::Node& where, const std::string& key, const std::string& message) const {
  const std::string path = path_of(key);
  std::string location;
  // The --set that produced this path: an exact match, or one that set a mapping above it.
  const std::string* from_command_line = nullptr;
  for (const auto& [set_path, where_set] : source_.overrides) {
    if (path == set_path || path.rfind(set_path + ".", 0) == 0) from_command_line = &where_set;
  }
  if (from_command_line) {
    location = *from_command_line;
  } else {
    const YAML::Node& at = (where.IsDefined() && where.Mark().line >= 0) ? where : node_;
    location = source_.file;
    if (at.IsDefined() && at.Mark().line >= 0) location += ":" + std::to_string(at.Mark().line + 1);
  }
  throw ConfigError(location + ": " + (path.empty() ? std::string("(document)") : path) + ": " + message);
}

void YamlReader::fail_type(const YAML::Node& node, const std::string& key, const std::string& expected) const {
  fail(node, key, "expected " + expected + ", got " + describe_node(node));
}

YAML::Node YamlReader::child(const char* key) {
  known_.insert(key);
  auto it = children_.find(key);
  return it == children_.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
}

void YamlReader::field(const char* key, int64_t& value, const IntRule& rule, const char*, bool required) {
  YAML::Node n = child(key);
  if (!is_present(n)) {
    if (required) fail(n, key, "missing required key (" + rule.what + ")");
    return;
  }
  int64_t v = 0;
  if (!n.IsScalar() || !YAML::convert<int64_t>::decode(n, v)) fail_type(n, key, rule.what);
  if (!rule.accepts(v)) fail_type(n, key, rule.what);
  value = v;
}

void YamlReader::field(const char* key, double& value, const NumberRule& rule, const char*, bool required) {
  YAML::Node n = child(key);
  if (!is_present(n)) {
    if (required) fail(n, key, "missing required key (" + rule.what + ")");
    return;
  }
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v)) fail_type(n, key, rule.what);
  if (!rule.accepts(v)) fail_type(n, key, rule.what);
  value = v;
}

void YamlReader::field(const char* key, bool& value, const char*) {
  YAML::Node n = child(key);
  if (!is_present(n)) return;
  bool v = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) fail_type(n, key, "true or false");
  value = v;
}

void YamlReader::field(const char* key, std::string& value, const StringRule& rule, const char*, bool required) {
  YAML::Node n = child(key);
  if (!is_present(n)) {
    if (required) fail(n, key, "missing required key");
    return;
  }
  if (!n.IsScalar()) fail_type(n, key, "a string");
  const std::string v = n.Scalar();
  if (const auto problem = rule.problem(v); !problem.empty()) fail(n, key, problem);
  value = v;
}

void YamlReader::field(const char* key, std::optional<double>& value, const NumberRule& rule, const char*) {
  YAML::Node n = child(key);
  if (!is_present(n)) {
    value.reset();
    return;
  }
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !rule.accepts(v)) fail_type(n, key, rule.what);
  value = v;
}

template <typename T, typename Rule>
void YamlReader::number_list(const char* key, std::vector<T>& value, const Rule& rule, size_t length,
                             const std::string& noun) {
  YAML::Node n = child(key);
  if (!is_present(n)) return;
  const std::string count = length > 0 ? std::to_string(length) : std::string("one or more");
  const std::string expected = "a list of " + count + " " + noun + ", each " + rule.what;
  if (!n.IsSequence() || (length > 0 ? n.size() != length : n.size() == 0)) fail_type(n, key, expected);
  std::vector<T> out;
  for (const auto& item : n) {
    T v = 0;
    if (!item.IsScalar() || !YAML::convert<T>::decode(item, v) || !rule.accepts(v)) {
      fail(item, key, "expected " + expected + ", got " + describe_node(item) + " in the list");
    }
    out.push_back(v);
  }
  value = std::move(out);
}

void YamlReader::field(const char* key, std::vector<double>& value, const NumberRule& rule, size_t length,
                       const char*) {
  number_list(key, value, rule, length, "numbers");
}

void YamlReader::field(const char* key, std::vector<int64_t>& value, const IntRule& rule, const char*) {
  number_list(key, value, rule, 0, "integers");
}

void YamlReader::field(const char* key, std::vector<std::string>& value, const StringRule& rule, const char*) {
  YAML::Node n = child(key);
  if (!n.IsDefined()) return;
  if (n.IsNull()) {  // `key:` or `key: null` is the empty list
    value.clear();
    return;
  }
  if (!n.IsSequence()) fail_type(n, key, "a list of strings");
  std::vector<std::string> out;
  for (const auto& item : n) {
    if (!item.IsScalar()) fail(item, key, "expected a list of strings, got " + describe_node(item) + " in the list");
    const std::string v = item.Scalar();
    if (const auto problem = rule.problem(v); !problem.empty()) fail(item, key, problem);
    out.push_back(v);
  }
  value = std::move(out);
}

void YamlReader::section(const char* key, const char*, const std::function<void(ConfigVisitor&)>& body) {
  YAML::Node n = child(key);
  if (is_present(n) && !n.IsMap()) fail_type(n, key, "a mapping");
  YamlReader sub(is_present(n) ? n : YAML::Node(YAML::NodeType::Undefined), path_of(key), source_, choices_);
  body(sub);
  sub.finish();
}

void YamlReader::section_list(const char* key, const char*, size_t, const std::function<void(size_t)>& resize,
                              const std::function<void(ConfigVisitor&, size_t)>& item, const char* noun,
                              size_t min_items, bool required) {
  YAML::Node n = child(key);
  if (!is_present(n)) {
    if (required) fail(n, key, "missing required key");
    return;
  }
  if (!n.IsSequence()) fail_type(n, key, std::string("a list of ") + noun);
  if (n.size() < min_items) {
    fail(n, key, "list " + (min_items == 1 ? std::string("one") : std::to_string(min_items)) + " or more " + noun);
  }
  resize(n.size());
  for (size_t i = 0; i < n.size(); ++i) {
    const YAML::Node element = n[i];
    YamlReader sub(element, path_of(key) + "[" + std::to_string(i) + "]", source_, choices_);
    if (!is_present(element)) sub.fail_type(element, "", "a mapping");
    item(sub, i);
    sub.finish();
  }
}

int YamlReader::line() const {
  return node_.IsDefined() && node_.Mark().line >= 0 ? node_.Mark().line + 1 : 0;
}

void YamlReader::reject(const char* key, const std::string& message) {
  auto it = children_.find(key);
  fail(it == children_.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second, key, message);
}

void YamlReader::choice(const char* key, std::string& name, ComponentOptions& options, const std::string& kind,
                        const char* doc, bool required) {
  const ChoiceSet& set = choices_.at(kind);
  field(key, name, set.rule(), doc, required);
  if (name.empty()) return;
  options = set.entries.at(name).defaults();
  component_ = kind + " " + name;
  options.get()->visit(*this);
}

void YamlReader::finish() const {
  for (const auto& [key, n] : children_) {
    if (known_.count(key)) continue;
    std::string best;
    size_t best_d = 3;  // only suggest close spellings
    for (const auto& k : known_) {
      const size_t d = edit_distance(key, k);
      if (d < best_d) best = k, best_d = d;
    }
    std::vector<std::string> all(known_.begin(), known_.end());
    std::string msg = component_.empty() ? "unknown key" : "unknown key for " + component_;
    if (!best.empty()) msg += "; did you mean \"" + best + "\"?";
    msg += " (known keys here: " + join(all) + ")";
    // Point at the key itself: its mark is the line the user typed.
    for (const auto& kv : node_) {
      if (kv.first.Scalar() == key) fail(kv.first, key, msg);
    }
    fail(n, key, msg);
  }
}

}  // namespace emorec::config
