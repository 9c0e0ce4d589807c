# Generates build_info.c with the git commit (refreshed on every build, written
# only when it changes) and the compiler and flags (fixed at configure time).
string(TOUPPER "${CMAKE_BUILD_TYPE}" _bt)
set(OVP_BUILD_FLAGS "${CMAKE_C_FLAGS} ${CMAKE_C_FLAGS_${_bt}}")
string(STRIP "${OVP_BUILD_FLAGS}" OVP_BUILD_FLAGS)
get_directory_property(_copts COMPILE_OPTIONS)
string(REPLACE ";" " " _copts "${_copts}")
set(OVP_BUILD_FLAGS "${OVP_BUILD_FLAGS} ${_copts}")
set(OVP_BUILD_INFO_C "${CMAKE_CURRENT_BINARY_DIR}/build_info.c")
add_custom_target(ovp_build_info
  COMMAND ${CMAKE_COMMAND}
    -DSRC=${CMAKE_CURRENT_SOURCE_DIR} -DOUT=${OVP_BUILD_INFO_C}
    -DVERSION=${PROJECT_VERSION}
    "-DCOMPILER=${CMAKE_C_COMPILER_ID} ${CMAKE_C_COMPILER_VERSION}"
    "-DFLAGS=${OVP_BUILD_FLAGS}" -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
    "-DBLAS=${OVP_BLAS}"
    -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
  BYPRODUCTS ${OVP_BUILD_INFO_C}
  COMMENT "ovp: recording git commit")
