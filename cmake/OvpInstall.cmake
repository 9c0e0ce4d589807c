# libovp.so, the `ovp` executable over it, and what `cmake --install` puts
# under the prefix:
#   bin/ovp
#   lib/libovp.so.<version> (SONAME libovp.so.<major>), libovp.so
#   lib/pkgconfig/ovp.pc
#   include/ovp/       the kernels' headers and verify/harness.h with what it includes
#   include/ovp/theorems/
#   share/ovp/plots/   the gnuplot scripts (`ovp plot` looks there, beside bin/)
include(GNUInstallDirs)

# One shared library from the objects of every static library: each source is
# compiled once (position-independent, CMakeLists.txt). The static libraries
# stay for the tests, and their split keeps a wrong-way include failing to link.
set(OVP_LIBRARY_PARTS ovp_theorems ovp_numerics ovp_kernels ovp_io ovp_engine ovp_papers ovp_bench ovp_cli)
if(OVP_HAVE_SCALAPACK)
  list(APPEND OVP_LIBRARY_PARTS ovp_dist)
endif()
set(_ovp_objects "")
foreach(part ${OVP_LIBRARY_PARTS})
  list(APPEND _ovp_objects $<TARGET_OBJECTS:${part}>)
endforeach()
add_library(ovp_shared SHARED ${_ovp_objects})
# INSTALL_RPATH_USE_LINK_PATH: the installed library keeps finding the BLAS
# provider in its own directory (openblas-pthread), as the build does, rather
# than whatever Debian's alternatives point at.
set_target_properties(ovp_shared PROPERTIES OUTPUT_NAME ovp VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR} INSTALL_RPATH_USE_LINK_PATH ON)
# The parts' own dependencies (GSL, LAPACKE, the provider, the data readers, MPI)
# come with their archives; the objects above already define every symbol the
# archives hold, so no member of them is linked in.
target_link_libraries(ovp_shared PRIVATE ovp_cli ovp_bench)

add_executable(ovp verify/main.c)
# main.c calls GSL itself (gsl_set_error_handler_off): a direct dependency.
target_link_libraries(ovp PRIVATE ovp_shared ovp::gsl)
# main.c's headers and definitions, from the parts, whose archives it must not link.
foreach(part ovp_cli ovp_bench)
  target_include_directories(ovp PRIVATE $<TARGET_PROPERTY:${part},INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_definitions(ovp PRIVATE $<TARGET_PROPERTY:${part},INTERFACE_COMPILE_DEFINITIONS>)
endforeach()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(_ovp_rpath "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _ovp_rel "/${CMAKE_INSTALL_BINDIR}" "/${CMAKE_INSTALL_LIBDIR}")
  set(_ovp_rpath "$ORIGIN/${_ovp_rel}")
endif()
set_target_properties(ovp PROPERTIES INSTALL_RPATH "${_ovp_rpath}" INSTALL_RPATH_USE_LINK_PATH ON)

install(TARGETS ovp RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ovp_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})

# Public headers, flat under include/ovp/ (their includes are quoted and
# relative, so "theorems/claims.h" and "status.h" resolve there): a user writes
# #include <ovp/harness.h> with pkg-config's -I<prefix>/include.
file(GLOB OVP_PUBLIC_HEADERS CONFIGURE_DEPENDS kernels/numerics/*.h kernels/models/*.h)
list(APPEND OVP_PUBLIC_HEADERS verify/harness.h verify/io/args.h verify/io/runstatus.h
  verify/engine/run.h verify/engine/task.h)
install(FILES ${OVP_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ovp)
file(GLOB OVP_THEOREM_HEADERS CONFIGURE_DEPENDS theorems/*.h)
install(FILES ${OVP_THEOREM_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/ovp/theorems)

file(GLOB OVP_PLOT_SCRIPTS CONFIGURE_DEPENDS plots/*.gp)
install(FILES ${OVP_PLOT_SCRIPTS} DESTINATION ${CMAKE_INSTALL_DATADIR}/ovp/plots)

# ovp.pc, relocatable: its prefix is found from its own directory (${pcfiledir}),
# so `cmake --install --prefix P` needs no regeneration.
file(RELATIVE_PATH OVP_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
string(REGEX REPLACE "/$" "" OVP_PC_TO_PREFIX "${OVP_PC_TO_PREFIX}")
# Libs.private matters only to a static link (no static libovp is installed):
# libovp.so names its dependencies itself. The provider and LAPACKE by their
# real files, as the build links them.
set(OVP_PC_LIBS_PRIVATE "${OVP_LAPACKE_LIBRARY}")
foreach(lib ${OVP_BLAS_LIBRARIES})
  string(APPEND OVP_PC_LIBS_PRIVATE " ${lib}")
endforeach()
# The data readers (ovp::dataio), by what pkg-config told cmake/OvpDependencies.cmake.
get_target_property(_ovp_dataio ovp::dataio INTERFACE_LINK_LIBRARIES)
foreach(dep ${_ovp_dataio})
  string(REPLACE "PkgConfig::" "" module "${dep}")
  foreach(lib ${${module}_LIBRARIES})
    string(APPEND OVP_PC_LIBS_PRIVATE " -l${lib}")
  endforeach()
endforeach()
if(OVP_HAVE_MPI)
  foreach(lib ${MPI_C_LIBRARIES})
    string(APPEND OVP_PC_LIBS_PRIVATE " ${lib}")
  endforeach()
endif()
string(APPEND OVP_PC_LIBS_PRIVATE " -lm -lpthread")
foreach(lib ${CMAKE_DL_LIBS})
  string(APPEND OVP_PC_LIBS_PRIVATE " -l${lib}")
endforeach()
configure_file(cmake/ovp.pc.in ${CMAKE_CURRENT_BINARY_DIR}/ovp.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/ovp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
