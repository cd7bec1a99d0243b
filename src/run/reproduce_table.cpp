// The strict reader of reproduction tables.
#include "run/reproduce_table.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "config/yaml_reader.h"
#include "core/error.h"

namespace emorec::run {
namespace {

namespace fs = std::filesystem;

bool is_present(const YAML::Node& n) {
  return n.IsDefined() && !n.IsNull();
}

// Every message is "file:line: key: message"; the line is the node's, else its parent's.
class TableReader {
 public:
  explicit TableReader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& message) const {
    std::string where = file_;
    if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
    throw ConfigError(where + ": " + (key.empty() ? std::string("(document)") : key) + ": " + message);
  }
  [[noreturn]] void fail_type(const YAML::Node& at, const std::string& key,
                              const std::string& expected) const {
    fail(at, key, "expected " + expected + ", got " + config::describe_node(at));
  }

  // The values of mapping `node` (key path `path`) by key; a key outside `known` is an error at its line.
  std::map<std::string, YAML::Node> members(const YAML::Node& node, const std::string& path,
                                            const std::vector<std::string>& known) const {
    if (!node.IsMap()) fail_type(node, path, "a mapping");
    std::map<std::string, YAML::Node> out;
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      const std::string key_path = path.empty() ? key : path + "." + key;
      if (key.empty())
        fail(kv.first, path, "keys must be plain names, got " + config::describe_node(kv.first));
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string all;
        for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
        fail(kv.first, key_path, "unknown key (known keys here: " + all + ")");
      }
      if (out.count(key)) fail(kv.first, key_path, "duplicate key");
      out.emplace(key, kv.second);
    }
    return out;
  }

  // The member `key` of a mapping read by members(); `parent` locates a missing required key.
  static YAML::Node member(const std::map<std::string, YAML::Node>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
  }
  YAML::Node required(const std::map<std::string, YAML::Node>& m, const std::string& key,
                      const YAML::Node& parent, const std::string& key_path) const {
    YAML::Node n = member(m, key);
    if (!is_present(n)) fail(parent, key_path, "missing required key");
    return n;
  }

  std::string string(const YAML::Node& n, const std::string& key) const {
    if (!n.IsScalar() || n.Scalar().empty()) fail_type(n, key, "a non-empty string");
    return n.Scalar();
  }
  bool boolean(const YAML::Node& n, const std::string& key) const {
    bool v = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, v)) fail_type(n, key, "true or false");
    return v;
  }
  std::vector<std::string> strings(const YAML::Node& n, const std::string& key) const {
    if (!n.IsSequence()) fail_type(n, key, "a list of strings");
    std::vector<std::string> out;
    for (const auto& item : n) {
      if (!item.IsScalar() || item.Scalar().empty()) fail_type(item, key, "a list of strings (an item)");
      out.push_back(item.Scalar());
    }
    return out;
  }
  // "key=value" overrides, as `emorec train --set` takes them.
  std::vector<std::string> overrides(const YAML::Node& n, const std::string& key) const {
    const auto out = strings(n, key);
    size_t i = 0;
    for (const auto& item : n) {
      const auto eq = out[i++].find('=');
      if (eq == std::string::npos || eq == 0)
        fail(item, key, "expected KEY.PATH=VALUE, got \"" + item.Scalar() + "\"");
    }
    return out;
  }
  // "SPLIT.METRIC" keys.
  std::vector<std::string> metric_keys(const YAML::Node& n, const std::string& key) const {
    const auto out = strings(n, key);
    size_t i = 0;
    for (const auto& item : n) {
      const auto dot = out[i].rfind('.');
      if (dot == std::string::npos || dot == 0 || dot + 1 == out[i].size()) {
        fail(item, key, "expected SPLIT.METRIC (e.g. test.auc), got \"" + out[i] + "\"");
      }
      ++i;
    }
    return out;
  }
  std::vector<int64_t> seeds(const YAML::Node& n, const std::string& key) const {
    const std::string expected = "a list of one or more distinct integers";
    if (!n.IsSequence() || n.size() == 0) fail_type(n, key, expected);
    std::vector<int64_t> out;
    for (const auto& item : n) {
      int64_t v = 0;
      if (!item.IsScalar() || !YAML::convert<int64_t>::decode(item, v)) {
        fail(item, key, "expected " + expected + ", got " + config::describe_node(item) + " in the list");
      }
      if (std::find(out.begin(), out.end(), v) != out.end())
        fail(item, key, "seed " + std::to_string(v) + " is listed twice");
      out.push_back(v);
    }
    return out;
  }

 private:
  std::string file_;
};

RowSpec read_row(const TableReader& r, const YAML::Node& node, size_t index) {
  const std::string path = "rows[" + std::to_string(index) + "]";
  const auto m = r.members(node, path, {"label", "config", "set", "baseline"});
  RowSpec row;
  row.line = node.Mark().line + 1;
  row.label = r.string(r.required(m, "label", node, path + ".label"), path + ".label");
  row.config = r.string(r.required(m, "config", node, path + ".config"), path + ".config");
  if (is_present(TableReader::member(m, "set"))) row.set = r.overrides(m.at("set"), path + ".set");
  if (is_present(TableReader::member(m, "baseline")))
    row.baseline = r.boolean(m.at("baseline"), path + ".baseline");
  return row;
}

}  // namespace

std::string resolve_table_path(const std::string& name_or_path) {
  const fs::path p(name_or_path);
  if (p.has_parent_path() || p.extension() == ".yaml" || p.extension() == ".yml") return name_or_path;
  return (fs::path("configs") / "tables" / (name_or_path + ".yaml")).string();
}

TableSpec load_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw ConfigError(
        path + ": cannot read the table (give a NAME under configs/tables/ or a path to a .yaml file)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_table(text.str(), path);
}

TableSpec parse_table(const std::string& yaml, const std::string& origin) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw ConfigError(origin + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  const TableReader r(origin);
  if (!is_present(root)) r.fail(root, "", "the table is empty");
  const auto m =
      r.members(root, "", {"title", "description", "seeds", "set", "metrics", "select", "plots", "rows"});
  TableSpec t;
  t.path = origin;
  t.name = fs::path(origin).stem().string();
  t.text = yaml;
  t.title = r.string(r.required(m, "title", root, "title"), "title");
  if (is_present(TableReader::member(m, "description")))
    t.description = r.string(m.at("description"), "description");
  t.seeds = r.seeds(r.required(m, "seeds", root, "seeds"), "seeds");
  if (is_present(TableReader::member(m, "set"))) t.set = r.overrides(m.at("set"), "set");
  const YAML::Node metrics = r.required(m, "metrics", root, "metrics");
  t.metrics = r.metric_keys(metrics, "metrics");
  if (t.metrics.empty())
    r.fail(metrics, "metrics", "list at least one metric (the first is the primary one)");
  t.select = "eval." + split_metric_key(t.metrics.front()).metric;
  if (is_present(TableReader::member(m, "select"))) {
    const YAML::Node select = m.at("select");
    t.select = r.string(select, "select");
    const auto key = split_metric_key(t.select);
    if (key.split != "eval" || key.metric.empty()) {
      r.fail(select, "select",
             "expected eval.METRIC (rows are selected on the eval split only, never on test), got \"" +
                 t.select + "\"");
    }
  }
  t.plots = is_present(TableReader::member(m, "plots")) ? r.metric_keys(m.at("plots"), "plots")
                                                        : std::vector<std::string>{t.metrics.front()};
  const YAML::Node rows = r.required(m, "rows", root, "rows");
  if (!rows.IsSequence()) r.fail_type(rows, "rows", "a list of rows");
  if (rows.size() == 0) r.fail(rows, "rows", "list one or more rows");
  std::map<std::string, int> label_line;
  for (size_t i = 0; i < rows.size(); ++i) {
    RowSpec row = read_row(r, rows[i], i);
    const auto [it, fresh] = label_line.emplace(row.label, row.line);
    if (!fresh) {
      r.fail(rows[i], "rows[" + std::to_string(i) + "].label",
             "duplicate label \"" + row.label + "\" (also on line " + std::to_string(it->second) + ")");
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

MetricKey split_metric_key(const std::string& key) {
  const auto dot = key.rfind('.');
  if (dot == std::string::npos) return {"", key};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::string slug(const std::string& label) {
  std::string out = label;
  for (auto& c : out) {
    const auto u = static_cast<unsigned char>(c);
    c = std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_';
  }
  return out;
}

}  // namespace emorec::run
