"""L-BFGS: a quasi-Newton method that runs many iterations per ``step(closure)``, with an optional
strong-Wolfe line search (PyTorch's ``torch.optim.LBFGS``, itself modelled on minFunc)."""
import math

from autograd_core.backend import get_array_module
from autograd_core.grad_mode import enable_grad
from autograd_core.ops.inplace import mark_changed

from .optimizer import Optimizer, as_real, cast_state, check


class LBFGS(Optimizer):
    r"""Limited-memory BFGS (PyTorch's ``torch.optim.LBFGS``).

    Each ``step(closure)`` runs up to ``max_iter`` iterations on all parameters
    seen as one flat vector :math:`x` with gradient :math:`g`: the direction
    :math:`d = -H g` comes from the two-loop recursion over the last
    ``history_size`` pairs :math:`s = x_{k+1} - x_k`, :math:`y = g_{k+1} - g_k`
    (a pair is kept only if :math:`y^\top s > 10^{-10}`), with initial scale
    :math:`H_0 = y^\top s / y^\top y`; then :math:`x \leftarrow x + t d` with
    :math:`t` = lr (:math:`\min(1, 1/\|g\|_1)` lr on the very first iteration),
    or :math:`t` from a strong-Wolfe line search (:math:`c_1 = 10^{-4}, c_2 = 0.9`).
    Iterations stop early when :math:`\max|g| \le` tolerance_grad, when
    :math:`\max|t d|` or the change of the loss is below tolerance_change, or
    after ``max_eval`` closure calls.

    One parameter group only; the state (history, last direction) lives in
    ``state[first_param]`` under PyTorch's names.

    Args:
        params: the parameters (one group).
        lr: learning rate, the step length (default 1).
        max_iter: iterations per ``step`` (default 20).
        max_eval: closure evaluations per ``step`` (default ``max_iter * 5 // 4``).
        tolerance_grad: stop when the largest gradient entry is at most this (default 1e-7).
        tolerance_change: stop when the step or the loss changes less than this (default 1e-9).
        history_size: number of (s, y) pairs kept (default 100).
        line_search_fn: None (fixed step lr) or ``'strong_wolfe'``.

    Example:
        >>> opt = optim.LBFGS(model.parameters(), line_search_fn="strong_wolfe")
        >>> def closure():
        ...     opt.zero_grad(); loss = loss_fn(model(x), y); loss.backward(); return loss
        >>> opt.step(closure)
    """

    def __init__(self, params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9,
                 history_size=100, line_search_fn=None):
        if max_eval is None:
            max_eval = max_iter * 5 // 4
        defaults = dict(lr=lr, max_iter=max_iter, max_eval=max_eval, tolerance_grad=tolerance_grad,
                        tolerance_change=tolerance_change, history_size=history_size, line_search_fn=line_search_fn)
        super().__init__(params, defaults)
        if len(self.param_groups) != 1:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        self._params = self.param_groups[0]["params"]

    def _check_group(self, group):
        check(group["lr"] >= 0.0, "learning rate", group["lr"])
        if group["line_search_fn"] not in (None, "strong_wolfe"):
            raise ValueError(f"LBFGS: line_search_fn must be None or 'strong_wolfe', got {group['line_search_fn']!r}")

    def add_param_group(self, param_group):
        if self.param_groups:
            raise ValueError("LBFGS doesn't support per-parameter options (parameter groups)")
        super().add_param_group(param_group)

    def _load_state_entry(self, value, param, name, index):
        """Flat arrays (the size of all parameters together) and lists of them, as the saved state holds."""
        if isinstance(value, (list, tuple)):
            return [self._load_state_entry(v, param, name, index) for v in value]
        return cast_state(value, param, name, index, shape=(sum(as_real(p._data).size for p in self._params),))

    def _flat_grad(self):
        """The gradients of all parameters as one flat real vector (a complex one's parts side by side)."""
        xp = get_array_module(self._params[0]._data)
        return xp.concatenate([as_real(xp.ascontiguousarray(p.grad._data) if p.grad is not None
                                       else xp.zeros_like(p._data)).ravel() for p in self._params])

    def _add_to_params(self, t, d):
        """x += t * d, with the flat vector d split over the parameters."""
        offset = 0
        for p in self._params:
            data = as_real(p._data)
            n = data.size
            data += t * d[offset:offset + n].reshape(data.shape)
            offset += n
        mark_changed(self._params)

    def _set_params(self, arrays):
        for p, a in zip(self._params, arrays):
            p._data[...] = a
        mark_changed(self._params)

    def _evaluate(self, closure):
        """Run the closure (recording gradients); return its loss as a float and the flat gradient."""
        with enable_grad():
            loss = closure()
        return float(loss), self._flat_grad()

    def _directional_evaluate(self, closure, x, t, d):
        """Loss and flat gradient at x + t d; the parameters are put back to x afterwards."""
        self._add_to_params(t, d)
        loss, flat_grad = self._evaluate(closure)
        self._set_params(x)
        return loss, flat_grad

    def _direction(self, flat_grad, state):
        """-H g by the two-loop recursion over the stored (s, y) pairs."""
        old_dirs, old_stps, ro = state["old_dirs"], state["old_stps"], state["ro"]
        al = [0.0] * len(old_dirs)
        q = -flat_grad
        for i in range(len(old_dirs) - 1, -1, -1):
            al[i] = float(old_stps[i].dot(q)) * ro[i]
            q -= al[i] * old_dirs[i]
        r = q * state["H_diag"]
        for i in range(len(old_dirs)):
            be_i = float(old_dirs[i].dot(r)) * ro[i]
            r += (al[i] - be_i) * old_stps[i]
        return r

    def _remember(self, flat_grad, state, history_size):
        """Add the pair (s, y) of the last iteration to the history if its curvature y.s is positive."""
        y = flat_grad - state["prev_flat_grad"]
        s = state["d"] * state["t"]
        ys = float(y.dot(s))
        if ys > 1e-10:
            if len(state["old_dirs"]) == history_size:
                for name in ("old_dirs", "old_stps", "ro"):
                    state[name].pop(0)
            state["old_dirs"].append(y)
            state["old_stps"].append(s)
            state["ro"].append(1.0 / ys)
            state["H_diag"] = ys / float(y.dot(y))

    def step(self, closure):
        """Run up to ``max_iter`` L-BFGS iterations; ``closure`` re-evaluates the model and returns the loss.

        Returns:
            The closure's loss at the parameters as they were on entry.
        """
        group = self.param_groups[0]
        lr, max_iter, max_eval = group["lr"], group["max_iter"], group["max_eval"]
        tolerance_grad, tolerance_change = group["tolerance_grad"], group["tolerance_change"]
        state = self.state[self._params[0]]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        with enable_grad():
            orig_loss = closure()
        loss = float(orig_loss)
        flat_grad = self._flat_grad()
        current_evals = 1
        state["func_evals"] += 1
        if float(abs(flat_grad).max()) <= tolerance_grad:
            return orig_loss
        for n_iter in range(1, max_iter + 1):
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                state.update(old_dirs=[], old_stps=[], ro=[], H_diag=1.0)
                d = -flat_grad
                t = min(1.0, 1.0 / float(abs(flat_grad).sum())) * lr
            else:
                self._remember(flat_grad, state, group["history_size"])
                d = self._direction(flat_grad, state)
                t = lr
            state["prev_flat_grad"] = flat_grad.copy()
            state["prev_loss"] = prev_loss = loss
            state["d"], state["t"] = d, t
            gtd = float(flat_grad.dot(d))
            if gtd > -tolerance_change:
                break
            evals = 0
            if group["line_search_fn"] is not None:
                x = [p._data.copy() for p in self._params]
                loss, flat_grad, t, evals = _strong_wolfe(
                    lambda step_t: self._directional_evaluate(closure, x, step_t, d),
                    t, d, loss, flat_grad, gtd, max_ls=max_eval - current_evals)  # torch's 1e-9 tolerance inside
                self._add_to_params(t, d)
            else:
                self._add_to_params(t, d)
                if n_iter != max_iter:
                    loss, flat_grad = self._evaluate(closure)
                    evals = 1
            state["t"] = t
            current_evals += evals
            state["func_evals"] += evals
            if (n_iter == max_iter or current_evals >= max_eval
                    or float(abs(flat_grad).max()) <= tolerance_grad
                    or abs(t) * float(abs(d).max()) <= tolerance_change
                    or abs(loss - prev_loss) < tolerance_change):
                break
        return orig_loss


def _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimizer of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clipped to ``bounds``
    (default: between x1 and x2); the midpoint of the bounds if the cubic has no minimum."""
    xmin_bound, xmax_bound = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 ** 2 - g1 * g2
    if d2_square < 0:
        return (xmin_bound + xmax_bound) / 2.0
    d2 = math.sqrt(d2_square)
    if x1 <= x2:
        min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(min_pos, xmin_bound), xmax_bound)


def _strong_wolfe(evaluate, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """A step length t along d meeting the strong Wolfe conditions (minFunc's bracketing, then zoom).

    ``evaluate(t)`` returns the loss and flat gradient at x + t d. Returns the
    loss, gradient and t of the best point found, and the number of evaluations.
    """
    d_norm = float(abs(d).max())
    f_new, g_new = evaluate(t)
    evals = 1
    gtd_new = float(g_new.dot(d))
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    ls_iter = 0
    # bracketing: grow t until an interval is known to hold a point satisfying the conditions
    while ls_iter < max_ls:
        if f_new > f + c1 * t * gtd or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f, bracket_g, bracket_gtd = [t_prev, t], [f_prev, f_new], [g_prev, g_new], \
                [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f, bracket_g, bracket_gtd = [t_prev, t], [f_prev, f_new], [g_prev, g_new], \
                [gtd_prev, gtd_new]
            break
        min_step, max_step = t + 0.01 * (t - t_prev), t * 10
        t_prev, t = t, _cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
        f_prev, g_prev, gtd_prev = f_new, g_new, gtd_new
        f_new, g_new = evaluate(t)
        evals += 1
        gtd_new = float(g_new.dot(d))
        ls_iter += 1
    if ls_iter == max_ls:
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]
    # zoom: shrink the bracket until a point satisfies the conditions or the bracket is tiny
    insuf_progress = False
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = _cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        lo, hi = min(bracket), max(bracket)
        eps = 0.1 * (hi - lo)
        if min(hi - t, t - lo) < eps:  # too close to an end: move away from it if progress stalls
            if insuf_progress or t >= hi or t <= lo:
                t = hi - eps if abs(t - hi) < abs(t - lo) else lo + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = evaluate(t)
        evals += 1
        gtd_new = float(g_new.dot(d))
        ls_iter += 1
        if f_new > f + c1 * t * gtd or f_new >= bracket_f[low_pos]:
            bracket[high_pos], bracket_f[high_pos], bracket_g[high_pos], bracket_gtd[high_pos] = \
                t, f_new, g_new, gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                bracket[high_pos], bracket_f[high_pos], bracket_g[high_pos], bracket_gtd[high_pos] = \
                    bracket[low_pos], bracket_f[low_pos], bracket_g[low_pos], bracket_gtd[low_pos]
            bracket[low_pos], bracket_f[low_pos], bracket_g[low_pos], bracket_gtd[low_pos] = t, f_new, g_new, gtd_new
    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], evals
