// YAML emission of config structs.
#include "config/yaml_writer.h"

#include <cmath>
#include <limits>

#include "config/component.h"

namespace emorec::config {
namespace {
// Shortest text that reads back as the same double.
std::string exact(double v) {
  char buf[64];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}
}  // namespace

void YamlWriter::field(const char* key, int64_t& value, const IntRule&, const char*, bool) {
  out_ << YAML::Key << key << YAML::Value << value;
}
void YamlWriter::field(const char* key, double& value, const NumberRule&, const char*, bool) {
  out_ << YAML::Key << key << YAML::Value << exact(value);
}
void YamlWriter::field(const char* key, bool& value, const char*) {
  out_ << YAML::Key << key << YAML::Value << value;
}
void YamlWriter::field(const char* key, std::string& value, const StringRule&, const char*, bool) {
  out_ << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
}
void YamlWriter::field(const char* key, std::optional<double>& value, const NumberRule&, const char*) {
  out_ << YAML::Key << key << YAML::Value;
  if (value) {
    out_ << exact(*value);
  } else {
    out_ << YAML::Null;
  }
}
void YamlWriter::field(const char* key, std::vector<double>& value, const NumberRule&, size_t, const char*) {
  out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (double v : value) out_ << exact(v);
  out_ << YAML::EndSeq;
}
void YamlWriter::field(const char* key, std::vector<int64_t>& value, const IntRule&, const char*) {
  out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (int64_t v : value) out_ << v;
  out_ << YAML::EndSeq;
}
void YamlWriter::field(const char* key, std::vector<std::string>& value, const StringRule&, const char*) {
  out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : value) out_ << YAML::DoubleQuoted << v;
  out_ << YAML::EndSeq;
}
void YamlWriter::choice(const char* key, std::string& name, ComponentOptions& options, const std::string& kind,
                        const char* doc, bool required) {
  field(key, name, StringRule::any(), doc, required);
  if (name.empty()) return;
  if (options.empty()) options = choices_.at(kind).entries.at(name).defaults();
  options.get()->visit(*this);
}

void YamlWriter::section_list(const char* key, const char*, size_t size, const std::function<void(size_t)>&,
                              const std::function<void(ConfigVisitor&, size_t)>& item, const char*, size_t, bool) {
  out_ << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (size_t i = 0; i < size; ++i) {
    out_ << YAML::BeginMap;
    item(*this, i);
    out_ << YAML::EndMap;
  }
  out_ << YAML::EndSeq;
}

void YamlWriter::section(const char* key, const char*, const std::function<void(ConfigVisitor&)>& body) {
  out_ << YAML::Key << key << YAML::Value << YAML::BeginMap;
  body(*this);
  out_ << YAML::EndMap;
}

}  // namespace emorec::config
