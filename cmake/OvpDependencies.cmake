# Finds ovp's dependencies, all Debian packages, and exposes them as imported
# targets: ovp::gsl, ovp::lapacke, ovp::blas, ovp::dataio (zlib, libzip,
# nettle, jansson), and MPI::MPI_C when OVP_MPI; with MPI, ovp::scalapack and
# ovp::elpa when found (OVP_HAVE_SCALAPACK, OVP_HAVE_ELPA).
#
# The BLAS provider is linked by its real file, not through libblas.so.3, so
# Debian's alternatives cannot switch it under a built binary; `ovp` still
# records the library that was actually loaded (kernels/numerics/blasinfo.c).

# GSL without libgslcblas: pkg-config's `gsl` would add -lgslcblas, which would
# capture gsl_blas_* calls. We link libgsl alone and let the provider resolve cblas_*.
find_path(OVP_GSL_INCLUDE_DIR gsl/gsl_rng.h)
find_library(OVP_GSL_LIBRARY gsl)
if(NOT OVP_GSL_INCLUDE_DIR OR NOT OVP_GSL_LIBRARY)
  message(FATAL_ERROR "GSL not found: run scripts/bootstrap.sh (package libgsl-dev)")
endif()
add_library(ovp::gsl UNKNOWN IMPORTED)
set_target_properties(ovp::gsl PROPERTIES IMPORTED_LOCATION "${OVP_GSL_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${OVP_GSL_INCLUDE_DIR}")

find_path(OVP_LAPACKE_INCLUDE_DIR lapacke.h)
find_library(OVP_LAPACKE_LIBRARY lapacke)
if(NOT OVP_LAPACKE_INCLUDE_DIR OR NOT OVP_LAPACKE_LIBRARY)
  message(FATAL_ERROR "LAPACKE not found: run scripts/bootstrap.sh (package liblapacke-dev)")
endif()
add_library(ovp::lapacke UNKNOWN IMPORTED)
set_target_properties(ovp::lapacke PROPERTIES IMPORTED_LOCATION "${OVP_LAPACKE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${OVP_LAPACKE_INCLUDE_DIR}")

set(_multiarch_lib "/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}")
set_property(CACHE OVP_BLAS PROPERTY STRINGS openblas reference blis)
if(OVP_BLAS STREQUAL "openblas")
  find_library(OVP_BLAS_LIBRARY NAMES openblas
    HINTS "${_multiarch_lib}/openblas-pthread")
  find_path(OVP_CBLAS_INCLUDE_DIR cblas.h
    HINTS "/usr/include/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-pthread")
  set(OVP_BLAS_LIBRARIES "${OVP_BLAS_LIBRARY}")
  set(_pkg libopenblas-dev)
elseif(OVP_BLAS STREQUAL "reference")
  # Netlib BLAS (with CBLAS) and LAPACK, by their real paths.
  find_library(OVP_BLAS_LIBRARY NAMES libblas.so.3 blas
    HINTS "${_multiarch_lib}/blas" NO_DEFAULT_PATH)
  find_library(OVP_REFLAPACK_LIBRARY NAMES liblapack.so.3 lapack
    HINTS "${_multiarch_lib}/lapack" NO_DEFAULT_PATH)
  find_path(OVP_CBLAS_INCLUDE_DIR cblas.h)
  set(OVP_BLAS_LIBRARIES "${OVP_REFLAPACK_LIBRARY}" "${OVP_BLAS_LIBRARY}")
  set(_pkg "libblas-dev liblapack-dev")
elseif(OVP_BLAS STREQUAL "blis")
  # Debian's BLIS (libblis-dev, OpenMP or pthread build) for BLAS and CBLAS, with
  # Netlib LAPACK. libblis.so.4 (which has BLIS's thread and arch calls) comes
  # before libblas.so.3 in the search order, so LAPACK's, GSL's and ovp's BLAS
  # calls all reach it; BLIS's own libblas.so.3 is linked so that LAPACK's
  # libblas.so.3 is BLIS too, not Debian's alternative (OpenBLAS).
  find_library(OVP_BLAS_LIBRARY NAMES libblis.so.4 blis
    HINTS "${_multiarch_lib}/blis-openmp" "${_multiarch_lib}/blis-pthread" NO_DEFAULT_PATH)
  find_library(OVP_REFLAPACK_LIBRARY NAMES liblapack.so.3 lapack
    HINTS "${_multiarch_lib}/lapack" NO_DEFAULT_PATH)
  get_filename_component(_blis_dir "${OVP_BLAS_LIBRARY}" DIRECTORY)
  get_filename_component(_blis_variant "${_blis_dir}" NAME)
  find_path(OVP_CBLAS_INCLUDE_DIR cblas.h
    HINTS "/usr/include/${CMAKE_LIBRARY_ARCHITECTURE}/${_blis_variant}" NO_DEFAULT_PATH)
  # --no-as-needed: ovp calls neither directly, yet they must be the ones loaded
  # (by soname), else LAPACKE's liblapack.so.3 comes from the alternatives.
  set(OVP_BLAS_LIBRARIES "${OVP_BLAS_LIBRARY}" "-Wl,--push-state,--no-as-needed"
    "${OVP_REFLAPACK_LIBRARY}" "${_blis_dir}/libblas.so.3" "-Wl,--pop-state")
  set(_pkg "libblis-dev liblapack-dev")
else()
  message(FATAL_ERROR "OVP_BLAS must be 'openblas', 'reference' or 'blis', not '${OVP_BLAS}'")
endif()
if(NOT OVP_BLAS_LIBRARY OR NOT OVP_CBLAS_INCLUDE_DIR)
  message(FATAL_ERROR "BLAS provider '${OVP_BLAS}' not found: run scripts/bootstrap.sh (${_pkg})")
endif()
add_library(ovp::blas INTERFACE IMPORTED)
set_target_properties(ovp::blas PROPERTIES INTERFACE_LINK_LIBRARIES "${OVP_BLAS_LIBRARIES}"
  INTERFACE_INCLUDE_DIRECTORIES "${OVP_CBLAS_INCLUDE_DIR}")
message(STATUS "ovp: BLAS provider ${OVP_BLAS}: ${OVP_BLAS_LIBRARIES}")

# The --data reader: zlib (gzip files), libzip (NumPy's .npz, a zip archive),
# nettle (the SHA-256 a user can check with sha256sum); and jansson, the JSON
# reader of verify/io/jsonread.c (summaries, bench baselines). pkg-config names them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(OVP_ZLIB REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(OVP_LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(OVP_NETTLE REQUIRED IMPORTED_TARGET nettle)
pkg_check_modules(OVP_JANSSON IMPORTED_TARGET jansson)
if(NOT OVP_JANSSON_FOUND)
  message(FATAL_ERROR "jansson not found: run scripts/bootstrap.sh (package libjansson-dev)")
endif()
add_library(ovp::dataio INTERFACE IMPORTED)
set_target_properties(ovp::dataio PROPERTIES INTERFACE_LINK_LIBRARIES
  "PkgConfig::OVP_ZLIB;PkgConfig::OVP_LIBZIP;PkgConfig::OVP_NETTLE;PkgConfig::OVP_JANSSON")

# Random123 (header-only): Philox4x64-10 for kernels/numerics/rng.c.
find_path(OVP_RANDOM123_INCLUDE_DIR Random123/philox.h)
if(NOT OVP_RANDOM123_INCLUDE_DIR)
  message(FATAL_ERROR "Random123 not found: run scripts/bootstrap.sh (package librandom123-dev)")
endif()

find_program(OVP_GNUPLOT_EXECUTABLE gnuplot)
if(NOT OVP_GNUPLOT_EXECUTABLE)
  set(OVP_GNUPLOT_EXECUTABLE gnuplot)
  message(STATUS "ovp: gnuplot not found; `ovp plot` will ask for package gnuplot-nox")
endif()

set(OVP_HAVE_MPI OFF)
if(OVP_MPI)
  find_package(MPI COMPONENTS C QUIET)
  if(MPI_C_FOUND)
    set(OVP_HAVE_MPI ON)
    message(STATUS "ovp: MPI task engine enabled (${MPI_C_LIBRARIES})")
  else()
    message(STATUS "ovp: MPI not found; building without the MPI task engine")
  endif()
endif()

# ScaLAPACK (with its BLACS) and ELPA: the distributed Gram kernel
# (kernels/dist/, issue 18), built only with MPI and ScaLAPACK (OVP_HAVE_SCALAPACK);
# ELPA is optional beside it (OVP_HAVE_ELPA). Debian names the OpenMPI build
# libscalapack-openmpi.so. ELPA's pkg-config file also lists -llapack -lblas,
# which would bind LAPACK to Debian's alternatives: only its include directory and
# libelpa itself are taken.
set(OVP_HAVE_SCALAPACK OFF)
set(OVP_HAVE_ELPA OFF)
if(OVP_HAVE_MPI)
  find_library(OVP_SCALAPACK_LIBRARY NAMES scalapack-openmpi scalapack)
  if(OVP_SCALAPACK_LIBRARY)
    set(OVP_HAVE_SCALAPACK ON)
    add_library(ovp::scalapack INTERFACE IMPORTED)
    set_target_properties(ovp::scalapack PROPERTIES INTERFACE_LINK_LIBRARIES "${OVP_SCALAPACK_LIBRARY}")
    message(STATUS "ovp: ScaLAPACK ${OVP_SCALAPACK_LIBRARY}: distributed Gram kernel enabled")
    pkg_check_modules(OVP_ELPA QUIET elpa_openmp)
    if(NOT OVP_ELPA_FOUND)
      pkg_check_modules(OVP_ELPA QUIET elpa)
    endif()
    if(OVP_ELPA_FOUND)
      list(GET OVP_ELPA_LIBRARIES 0 _elpa_name)
      find_library(OVP_ELPA_LIBRARY NAMES ${_elpa_name} HINTS ${OVP_ELPA_LIBRARY_DIRS})
    endif()
    if(OVP_ELPA_FOUND AND OVP_ELPA_LIBRARY)
      set(OVP_HAVE_ELPA ON)
      add_library(ovp::elpa INTERFACE IMPORTED)
      set_target_properties(ovp::elpa PROPERTIES INTERFACE_LINK_LIBRARIES "${OVP_ELPA_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${OVP_ELPA_INCLUDE_DIRS}")
      message(STATUS "ovp: ELPA ${OVP_ELPA_LIBRARY} (${OVP_ELPA_VERSION})")
    endif()
  else()
    message(STATUS "ovp: ScaLAPACK not found; building without the distributed Gram kernel")
  endif()
endif()
