# Finds LibTorch inside the pinned torch wheel of the project's virtual environment (scripts/setup makes it),
# through torch.utils.cmake_prefix_path.
set(EMOREC_PYTHON "${PROJECT_SOURCE_DIR}/.venv/bin/python" CACHE FILEPATH "Python that has the torch wheel")
if(NOT EXISTS "${EMOREC_PYTHON}")
  message(FATAL_ERROR "No Python at ${EMOREC_PYTHON}: run scripts/setup first (or pass -DEMOREC_PYTHON=...)")
endif()
execute_process(
  COMMAND "${EMOREC_PYTHON}" -c "import torch; print(torch.utils.cmake_prefix_path, end='')"
  OUTPUT_VARIABLE EMOREC_TORCH_PREFIX
  ERROR_VARIABLE EMOREC_TORCH_ERROR
  RESULT_VARIABLE EMOREC_TORCH_RESULT)
if(NOT EMOREC_TORCH_RESULT EQUAL 0)
  message(FATAL_ERROR "Could not import torch with ${EMOREC_PYTHON}: ${EMOREC_TORCH_ERROR}\nRun scripts/setup.")
endif()
list(APPEND CMAKE_PREFIX_PATH "${EMOREC_TORCH_PREFIX}")
# LibTorch's CMake adds -gencode flags of its own from TORCH_CUDA_ARCH_LIST (and, without a GPU to query, a
# list that includes architectures CUDA 13 no longer supports): derive it from CMAKE_CUDA_ARCHITECTURES.
if(EMOREC_WITH_CUDA AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
  set(_emorec_arch_list "")
  foreach(_arch IN LISTS CMAKE_CUDA_ARCHITECTURES)
    string(REGEX REPLACE "^([0-9]+)([0-9])([a-z]?)(-real|-virtual)?$" "\\1.\\2\\3" _dotted "${_arch}")
    list(APPEND _emorec_arch_list "${_dotted}")
  endforeach()
  set(TORCH_CUDA_ARCH_LIST "${_emorec_arch_list}")
endif()
# LibTorch's CMake looks for the CUDA toolkit itself when the wheel is a CUDA build; with no toolkit the
# CPU path still builds as long as the wheel's own CUDA libraries resolve at link time.
find_package(Torch REQUIRED)
get_filename_component(EMOREC_TORCH_LIBDIR "${TORCH_LIBRARY}" DIRECTORY)
