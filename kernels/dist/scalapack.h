/* kernels/dist/scalapack.h: the BLACS and ScaLAPACK routines ovp calls.
 * Debian's libscalapack-openmpi-dev ships no C header, so their prototypes are
 * declared here, once, from the ScaLAPACK 2.2 sources (Fortran calling
 * convention: every argument by pointer, a trailing underscore; the BLACS C
 * interface Cblacs_* takes values). Nothing outside kernels/dist includes this. */
#ifndef OVP_SCALAPACK_H
#define OVP_SCALAPACK_H

#include <mpi.h>

/* The descriptor of a distributed matrix: 9 integers (ScaLAPACK Users' Guide §4.3.3). */
enum { OVP_DESC_LEN = 9 };

int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cblacs_gridinit(int *context, const char *order, int nprow, int npcol);
void Cblacs_gridinfo(int context, int *nprow, int *npcol, int *myrow, int *mycol);
void Cblacs_gridexit(int context);

int numroc_(const int *n, const int *nb, const int *iproc, const int *isrcproc, const int *nprocs);
void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb, const int *irsrc,
               const int *icsrc, const int *ictxt, const int *lld, int *info);

void pdpotrf_(const char *uplo, const int *n, double *a, const int *ia, const int *ja, const int *desca, int *info);
void pdpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *ia, const int *ja,
              const int *desca, double *b, const int *ib, const int *jb, const int *descb, int *info);
void pdsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a, const int *ia,
              const int *ja, const int *desca, const double *vl, const double *vu, const int *il, const int *iu,
              int *m, int *nz, double *w, double *z, const int *iz, const int *jz, const int *descz, double *work,
              const int *lwork, int *iwork, const int *liwork, int *info);

#endif
