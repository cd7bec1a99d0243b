# EMOREC_FUZZ=ON: the libFuzzer targets of fuzz/ (docs/RELIABILITY.md) over the libraries that need no
# LibTorch (emorec_formats, emorec_image), every file of them built with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage. Needs clang (Debian's clang-14; libFuzzer's runtime comes
# with libclang-rt-14-dev): scripts/fuzz configures it.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "EMOREC_FUZZ=ON needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14, "
                      "or run scripts/fuzz")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
# stb's decoders compiled here from Debian's header (libstb-dev), instrumented like the rest, in place of
# Debian's libstb.so, which is built from the same header.
add_library(emorec_stb STATIC fuzz/stb_impl.cpp)
target_include_directories(emorec_stb SYSTEM PRIVATE ${STB_INCLUDE_DIR})
set(STB_LIBRARY emorec_stb)
add_subdirectory(src)
add_subdirectory(data)
add_subdirectory(fuzz)
