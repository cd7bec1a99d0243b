// Atomic file replacement: write to a temporary file beside the target, flush it to disk, then rename.
// A crash or an exception in the middle leaves the previous file untouched and no temporary behind.
#pragma once
#include <functional>
#include <ostream>
#include <string>

namespace emorec {

// Calls `write` with a stream onto a temporary file, then renames it over `path`. If `write` throws, the
// temporary is removed and the exception propagates; `path` keeps its previous content.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

// Convenience: atomically replaces `path` with `content`.
void write_file_atomic(const std::string& path, const std::string& content);

// Removes the temporaries that interrupted atomic writes left in `dir` (NAME.tmp.PID of a process that no
// longer runs); returns how many. Missing folders hold none.
int remove_stale_temporaries(const std::string& dir);

}  // namespace emorec
