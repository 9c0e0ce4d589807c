/* kernels/models/poprelu_descent.c: GD to decide the basin, Newton to finish. */
#include "poprelu_descent.h"
#include "linalg.h"
#include "status.h"

#include <math.h>
#include <string.h>

int ovp_poprelu_descent_work_alloc(size_t k, size_t d, ovp_poprelu_descent_work *w)
{
    *w = (ovp_poprelu_descent_work){0};
    int st = ovp_mat_alloc(k, d, &w->G);
    if (!st)
        st = ovp_mat_alloc(k, d, &w->Gsave);
    if (!st)
        st = ovp_mat_alloc(k, d, &w->Wsave);
    if (!st)
        st = ovp_mat_alloc(k * d, k * d, &w->H);
    if (st)
        ovp_poprelu_descent_work_free(w);
    return st;
}

void ovp_poprelu_descent_work_free(ovp_poprelu_descent_work *w)
{
    ovp_mat_free(&w->G);
    ovp_mat_free(&w->Gsave);
    ovp_mat_free(&w->Wsave);
    ovp_mat_free(&w->H);
}

/* Newton from (W, F, G) in place. Returns 1 when ‖∇F‖ reached grad_tol. When a
 * step is refused the whole attempt is undone, so that GD's trajectory, which
 * decides the basin, never depends on a failed attempt. */
static int newton(ovp_poprelu *p, ovp_mat *W, double *F, double *gn, const ovp_poprelu_descent_opts *o,
                  ovp_poprelu_descent_work *w, ovp_poprelu_descent_result *res, int *status)
{
    const size_t kd = p->k * p->d;
    double Fc = *F, gc = *gn;
    if ((*status = ovp_mat_copy(W, &w->Wsave)) || (*status = ovp_mat_copy(&w->G, &w->Gsave)))
        return 0;
    for (size_t s = 0; s < o->max_newton; s++) {
        double Fh, Fn;
        int pd = 0;
        if ((*status = ovp_poprelu_eval(p, W, &Fh, NULL, &w->H)))
            return 0;
        for (size_t c = 0; c < kd; c++) /* right-hand side −∇F, solved in place */
            w->G.data[c] = -w->G.data[c];
        if ((*status = ovp_linalg_cholesky_solve(&w->H, w->G.data, &pd)))
            return 0;
        if (!pd)
            break;
        for (size_t c = 0; c < kd; c++)
            W->data[c] += w->G.data[c];
        int st = ovp_poprelu_eval(p, W, &Fn, &w->G, NULL);
        if (st && st != OVP_EDOM) {
            *status = st;
            return 0;
        }
        double gnew = st ? INFINITY : ovp_mat_norm_fro(&w->G);
        if (!(gnew < gc) || Fn > Fc + OVP_DESCENT_F_NOISE)
            break;
        Fc = Fn, gc = gnew;
        if (gc <= o->grad_tol) {
            res->newton_steps += s + 1;
            *F = Fc, *gn = gc;
            return 1;
        }
    }
    res->newton_rejected++;
    if (!(*status = ovp_mat_copy(&w->Wsave, W)))
        *status = ovp_mat_copy(&w->Gsave, &w->G);
    return 0;
}

/* One GD attempt at step eta. Returns 1 on a blow-up (caller halves and restarts). */
static int gd_attempt(ovp_poprelu *p, const ovp_mat *W0, ovp_mat *W, double eta,
                      const ovp_poprelu_descent_opts *o, ovp_poprelu_descent_work *w, ovp_poprelu_descent_result *res,
                      int *status)
{
    const size_t kd = p->k * p->d;
    if ((*status = ovp_mat_copy(W0, W)))
        return 0;
    double F, switch_at = o->newton_switch;
    res->gd_iters = 0;
    res->step = eta;
    int st = ovp_poprelu_eval(p, W, &F, &w->G, NULL);
    for (size_t it = 0;; it++) {
        if (st == OVP_EDOM) {
            res->outcome = OVP_DESCENT_SINGULAR;
            break;
        }
        if ((*status = st))
            return 0;
        double gn = ovp_mat_norm_fro(&w->G);
        res->F = F, res->grad_norm = gn;
        if (F < o->f_stop) {
            res->outcome = OVP_DESCENT_BELOW;
            break;
        }
        if (gn <= switch_at && gn > o->grad_tol) {
            int done = newton(p, W, &F, &gn, o, w, res, status);
            if (*status)
                return 0;
            res->F = F, res->grad_norm = gn;
            if (!done)
                switch_at = gn / OVP_DESCENT_RETRY;
        }
        if (gn <= o->grad_tol) {
            res->outcome = OVP_DESCENT_CONVERGED;
            break;
        }
        if (it == o->max_iters) {
            res->outcome = OVP_DESCENT_CAP;
            break;
        }
        for (size_t c = 0; c < kd; c++)
            W->data[c] -= eta * w->G.data[c];
        double Fn;
        st = ovp_poprelu_eval(p, W, &Fn, &w->G, NULL);
        res->gd_iters++;
        if (st != OVP_EDOM && (!isfinite(Fn) || Fn > F + OVP_DESCENT_F_NOISE))
            return 1;
        F = Fn;
    }
    return 0;
}

int ovp_poprelu_descent_run(ovp_poprelu *p, const ovp_mat *W0, ovp_mat *W, const ovp_poprelu_descent_opts *o,
                            ovp_poprelu_descent_work *w, ovp_poprelu_descent_result *res)
{
    if (W0->rows != p->k || W0->cols != p->d || W->rows != p->k || W->cols != p->d ||
        w->H.rows != p->k * p->d)
        return OVP_EINVAL;
    memset(res, 0, sizeof *res);
    double eta = o->step;
    for (size_t h = 0;; h++) {
        int status = OVP_OK;
        int blew_up = gd_attempt(p, W0, W, eta, o, w, res, &status);
        res->halvings = h;
        if (status)
            return status;
        if (!blew_up)
            return OVP_OK;
        if (h == o->max_halvings) {
            res->outcome = OVP_DESCENT_CAP;
            return OVP_OK;
        }
        eta *= 0.5;
    }
}
