/* kernels/dist/distelpa.h: ELPA behind ovp_distgram_eig_ends (internal to kernels/dist). */
#ifndef OVP_DISTELPA_H
#define OVP_DISTELPA_H

#include "distgram.h"

/* All eigenvalues (ascending, w: n entries) of the matrix in g's layout held in
 * a (both triangles; destroyed) by ELPA's 2-stage solver, eigenvalues only.
 * OVP_ELAPACK with ELPA's error code in ovp_status_lapack_info. Collective. */
OVP_MUST_CHECK int ovp_distelpa_eigenvalues(const ovp_distgram *g, double *a, double *w);

#endif
