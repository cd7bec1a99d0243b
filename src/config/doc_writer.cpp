// Markdown reference rows for config fields.
#include "config/doc_writer.h"

#include "config/component.h"

namespace emorec::config {
namespace {
std::string code(const std::string& s) { return "`" + s + "`"; }
}  // namespace

void DocWriter::row(const char* key, const std::string& type, const std::string& def, const char* doc) {
  const std::string path = prefix_.empty() ? key : prefix_ + "." + key;
  out_ << "| " << code(path) << " | " << type << " | " << def << " | " << doc << " |\n";
}

void DocWriter::field(const char* key, int64_t& value, const IntRule& rule, const char* doc, bool required) {
  row(key, rule.what, required ? "required" : code(std::to_string(value)), doc);
}
void DocWriter::field(const char* key, double& value, const NumberRule& rule, const char* doc, bool required) {
  row(key, rule.what, required ? "required" : code(format_number(value)), doc);
}
void DocWriter::field(const char* key, bool& value, const char* doc) {
  row(key, "true or false", code(value ? "true" : "false"), doc);
}
void DocWriter::field(const char* key, std::string& value, const StringRule& rule, const char* doc,
                      bool required) {
  std::string type = "string";
  if (!rule.choices.empty()) {
    type = "one of";
    for (size_t i = 0; i < rule.choices.size(); ++i) type += (i ? ", " : " ") + code(rule.choices[i]);
  }
  row(key, type, required ? "required" : code("\"" + value + "\""), doc);
}
void DocWriter::field(const char* key, std::optional<double>& value, const NumberRule& rule, const char* doc) {
  row(key, rule.what + " or null", code(value ? format_number(*value) : "null"), doc);
}
void DocWriter::field(const char* key, std::vector<double>& value, const NumberRule& rule, size_t length,
                      const char* doc) {
  std::string def = "[";
  for (size_t i = 0; i < value.size(); ++i) def += (i ? ", " : "") + format_number(value[i]);
  row(key, (length > 0 ? std::to_string(length) : std::string("one or more")) + " numbers, each " + rule.what,
      code(def + "]"), doc);
}
void DocWriter::field(const char* key, std::vector<int64_t>& value, const IntRule& rule, const char* doc) {
  std::string def = "[";
  for (size_t i = 0; i < value.size(); ++i) def += (i ? ", " : "") + std::to_string(value[i]);
  row(key, "one or more integers, each " + rule.what, code(def + "]"), doc);
}
void DocWriter::field(const char* key, std::vector<std::string>& value, const StringRule& rule, const char* doc) {
  std::string def = "[";
  for (size_t i = 0; i < value.size(); ++i) def += (i ? ", " : "") + value[i];
  std::string type = "list of strings";
  if (!rule.choices.empty()) {
    type = "list, each one of";
    for (size_t i = 0; i < rule.choices.size(); ++i) type += (i ? ", " : " ") + code(rule.choices[i]);
  }
  row(key, type, code(def + "]"), doc);
}
void DocWriter::section_list(const char* key, const char* doc, size_t size, const std::function<void(size_t)>& resize,
                             const std::function<void(ConfigVisitor&, size_t)>& item, const char* noun,
                             size_t min_items, bool required) {
  const std::string path = prefix_.empty() ? key : prefix_ + "." + key;
  const std::string count = min_items > 0 ? std::to_string(min_items) + " or more " : std::string();
  out_ << "| " << code(path) << " | list of " << count << noun << " | " << (required ? "required" : "") << " | "
       << doc << " |\n";
  if (size == 0) resize(1);
  DocWriter sub(out_, choices_, components_, path + "[]");
  item(sub, 0);
}

void DocWriter::section(const char* key, const char* doc, const std::function<void(ConfigVisitor&)>& body) {
  const std::string path = prefix_.empty() ? key : prefix_ + "." + key;
  out_ << "| " << code(path) << " | section | | " << doc << " |\n";
  DocWriter sub(out_, choices_, components_, path);
  body(sub);
}

void DocWriter::choice(const char* key, std::string& name, ComponentOptions&, const std::string& kind,
                       const char* doc, bool required) {
  const ChoiceSet& set = choices_.at(kind);
  field(key, name, set.rule(), doc, required);
  for (const auto& [choice_name, entry] : set.entries) {
    std::ostringstream rows;
    DocWriter sub(rows, choices_, components_, prefix_);
    auto options = entry.defaults();
    options.get()->visit(sub);
    components_ << "\n### " << kind << ": " << choice_name << "\n\n" << entry.description << "\n\n";
    if (rows.str().empty()) {
      components_ << "No keys of its own.\n";
    } else {
      components_ << "| key | type | default | meaning |\n|---|---|---|---|\n" << rows.str();
    }
  }
}

}  // namespace emorec::config
