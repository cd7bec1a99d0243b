# Run at every build (cmake -P): writes OUTPUT with the source tree's commit, touching it only when the
# commit changes, so the binary records the code it was built from.
execute_process(COMMAND git -C "${SOURCE_DIR}" describe --always --dirty=+dirty --abbrev=10
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR commit STREQUAL "")
  set(commit "unknown")
endif()
set(content "// Generated at build time by cmake/build_info.cmake; do not edit.\nnamespace emorec {\nextern const char* const kBuildCommit;\nconst char* const kBuildCommit = \"${commit}\";\n}  // namespace emorec\n")
set(old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
