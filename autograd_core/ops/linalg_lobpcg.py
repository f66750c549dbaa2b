"""``lobpcg``: the k largest (or smallest) eigenpairs of a symmetric positive-definite generalized problem
``A X = B X diag(E)``, by the locally optimal block preconditioned conjugate gradient method, as PyTorch's
``torch.lobpcg``: ``method="basic"`` is Knyazev's (2001), ``"ortho"`` (the default) adds the robust
B-orthonormal basis selection of Stathopoulos and Wu (2002) as Duersch et al. (2018) refine it.

Each step is a Rayleigh-Ritz projection onto ``S = [X, P, W]``: the current eigenvector estimates X, the
previous search directions P and the preconditioned residuals ``W = iK R``; converged pairs (a backward
stable residual below ``tol``) drop out of S. The iteration reads values to decide, so on a GPU it
synchronizes. The random start comes from the global generator (``ag.manual_seed``), not PyTorch's stream,
so eigenvectors match PyTorch's up to sign and the tolerance.

The gradient (with respect to A only, as PyTorch's) is that of a partial symmetric eigendecomposition: the
part inside span(X) as eigh's, the part outside from ``(A - e_i I) z_i = (I - X X^T) gX_i``, ``X^T z_i = 0``
(one bordered solve per pair), written with differentiable ops so double backward works.
"""
from ..backend import get_array_module
from ..creation import randn
from ..function import Function, dual
from ._util import as_tensor, raw
from .linalg import _eigh_grad, _lapack, _matrix, _solve
from .shape import Concatenate, broadcast_to, mT

_EPS = {"float32": 1.2e-07, "float64": 2.23e-16}  # PyTorch's: the default tol is their square root


def lobpcg(A, k=None, B=None, X=None, n=None, iK=None, niter=None, tol=None, largest=None, method=None,
           tracker=None, ortho_iparams=None, ortho_fparams=None, ortho_bparams=None):
    """``(E, X)``: the ``k`` largest (``largest=False``: smallest) eigenvalues ``E`` (..., k) and eigenvectors
    ``X`` (..., m, k) of ``A X = B X diag(E)``, A symmetric and B (default I) symmetric positive-definite.

    ``k`` (at most n) defaults to X's columns, or 1; ``X`` (..., m, n) is the starting guess, else ``n`` (default k)
    random columns; ``m >= 3 n`` is required. ``iK`` is a preconditioner (..., m, m); ``niter`` caps the
    iterations (default 1000, -1: until converged); ``tol`` is the residual tolerance (default
    ``eps ** 0.5``); ``method`` is "ortho" (default) or "basic"; ``tracker(worker)`` is called after every
    step (its ``bvars["force_stop"] = True`` stops); ``ortho_*params`` tune "ortho" (ortho_i_max,
    ortho_j_max; ortho_tol, ortho_tol_drop, ortho_tol_replace; ortho_use_drop). Differentiable in A
    (symmetrized first, as PyTorch, so its gradient is symmetric); not in B, X or iK. "basic" is the less
    robust method: as PyTorch's, it may fail a Cholesky factorization where m is barely 3n, or return an
    eigenvalue twice (often with B).

    Example:
        >>> E, V = ag.lobpcg(A, k=2)   # A (..., m, m) symmetric positive-definite, m >= 6
    """
    A = _matrix("lobpcg", A, square=True)
    if str(A.dtype) not in _EPS:
        raise TypeError(f"lobpcg: A must be a float32 or float64 tensor, got {A.dtype}")
    m, batch = A.shape[-1], A.shape[:-2]
    if B is not None:
        B = as_tensor(B)
        if B.shape != A.shape:
            raise ValueError(f"lobpcg: A and B must have the same shape, got {A.shape} and {B.shape}")
    k = (1 if X is None else X.shape[-1]) if k is None else k
    n = (k if n is None else n) if X is None else X.shape[-1]
    if not 0 < k <= n:
        raise ValueError(f"lobpcg: k (={k}) must be at least 1 and at most n (={n}), the number of columns of X "
                         "or of its random start")
    if m < 3 * n:
        raise ValueError(f"lobpcg: LOBPCG algorithm is not applicable when the number of A rows (={m}) is "
                         f"smaller than 3 x the number of requested eigenpairs (={n})")
    X = randn(*batch, m, n, dtype=A.dtype, device=A.device) if X is None else as_tensor(X)
    if X.shape != batch + (m, n):
        raise ValueError(f"lobpcg: X must have shape {batch + (m, n)} (A's batch, A's size, n columns), got {X.shape}")
    method = "ortho" if method is None else method
    if method not in ("ortho", "basic"):
        raise ValueError(f"lobpcg: method must be 'ortho' or 'basic', got {method!r}")
    tol = _EPS[str(A.dtype)] ** 0.5 if tol is None else tol
    iparams = {"m": m, "n": n, "k": k, "niter": 1000 if niter is None else niter}
    fparams, bparams = {"tol": tol}, {"largest": True if largest is None else largest}
    if method == "ortho":
        iparams.update(ortho_iparams or {})
        fparams.update(ortho_fparams or {})
        bparams.update(ortho_bparams or {})
        for key, default in (("ortho_i_max", 3), ("ortho_j_max", 3)):
            iparams.setdefault(key, default)
        for key in ("ortho_tol", "ortho_tol_drop", "ortho_tol_replace"):
            fparams.setdefault(key, tol)
        bparams.setdefault("ortho_use_drop", False)
    if A.requires_grad or (B is not None and B.requires_grad):  # as PyTorch: a symmetric gradient
        A, B = (A + mT(A)) / 2, None if B is None else (B + mT(B)) / 2
    run = Lobpcg(raw(X), None if iK is None else raw(as_tensor(iK)), iparams, fparams, bparams, method, tracker)
    return run(A) if B is None else run(A, B)


class Lobpcg(Function):
    """LOBPCG on each matrix of the batch (``_Worker``); gradient as the module docstring says."""

    def __init__(self, x0, ik, iparams, fparams, bparams, method, tracker):
        self.x0, self.ik, self.method, self.tracker = x0, ik, method, tracker
        self.iparams, self.fparams, self.bparams = iparams, fparams, bparams

    def forward(self, a, b=None):
        xp = get_array_module(a)
        m, k, batch = a.shape[-1], self.iparams["k"], a.shape[:-2]
        flat = a.reshape((-1, m, m))
        bs = (None,) * len(flat) if b is None else b.reshape(flat.shape)
        iks = (None,) * len(flat) if self.ik is None else xp.broadcast_to(self.ik, a.shape).reshape(flat.shape)
        x0 = self.x0.reshape((len(flat),) + self.x0.shape[-2:])
        e, x = xp.empty((len(flat), k), a.dtype), xp.empty((len(flat), m, k), a.dtype)
        for i in range(len(flat)):
            worker = _Worker(flat[i], bs[i], x0[i].copy(), iks[i], dict(self.iparams, batch_index=i),
                             self.fparams, self.bparams, self.method, self.tracker)
            _lapack("lobpcg", worker.run)
            e[i], x[i] = worker.E[:k], worker.X[:, :k]
        e, x = e.reshape(batch + (k,)), x.reshape(batch + (m, k))
        self.save_for_backward(a, e, x)
        return e, x

    def backward(self, ge, gx):
        if len(self.needs_input_grad) == 2:  # called with B
            raise ValueError("lobpcg: the backward with B (B != I) is not implemented, as in PyTorch; pass B=None "
                             "(with A replaced by L^-1 A L^-T for B = L L^T) or detach A")
        a, e, x = self.saved_tensors
        if gx is None:
            return _eigh_grad(e, x, ge, None)
        xgx = mT(x) @ gx
        return _eigh_grad(e, x, ge, xgx) - _outside_span(a, e, x, gx - x @ xgx) @ mT(x)


def _outside_span(a, e, x, r):
    """``Z`` (..., m, k) with column ``z_i`` solving ``(A - e_i I) z_i = r_i``, ``X^T z_i = 0`` (r_i outside
    span(X)): the bordered systems ``[[A - e_i I, X], [X^T, 0]] [z_i; y] = [r_i; 0]`` (arrays or Tensors)."""
    xp = get_array_module(raw(a))
    m, k = x.shape[-2], x.shape[-1]
    shifted = a[..., None, :, :] - e[..., :, None, None] * xp.eye(m, dtype=raw(a).dtype)  # (..., k, m, m)
    xs = broadcast_to(x[..., None, :, :], shifted.shape[:-1] + (k,))
    zeros = xp.zeros(shifted.shape[:-2] + (k, k + 1), raw(a).dtype)
    rows = dual(Concatenate(-1), shifted, xs), dual(Concatenate(-1), mT(xs), zeros[..., :k])
    rhs = dual(Concatenate(-2), mT(r)[..., None], zeros[..., :1])
    return mT(_solve(dual(Concatenate(-2), *rows), rhs)[..., :m, 0])


class _Worker:
    """One LOBPCG run on one matrix, its state named as PyTorch's (what a ``tracker`` sees): ``iparams``,
    ``fparams``, ``bparams``; ``ivars`` (istep, converged_count ...), ``fvars``, ``bvars``, ``tvars``
    (``rerr``); ``A``, ``B``, ``iK`` and the iterates ``E``, ``X``, ``S``, ``R`` (arrays of A's array module)."""

    def __init__(self, A, B, X, iK, iparams, fparams, bparams, method, tracker):
        self.A, self.B, self.iK, self.X, self.method, self.tracker = A, B, iK, X, method, tracker
        self.iparams, self.fparams, self.bparams = iparams, fparams, bparams
        self.xp = xp = get_array_module(A)
        m, n = iparams["m"], iparams["n"]
        self.E, self.R, self.S = xp.zeros(n, A.dtype), xp.zeros((m, n), A.dtype), xp.zeros((m, 3 * n), A.dtype)
        self.tvars, self.ivars, self.fvars, self.bvars = {}, {"istep": 0}, {}, {}

    def run(self):
        while True:
            self.update()
            if self.tracker is not None:
                self.tracker(self)
            if (self.bvars.get("force_stop", False) or self.ivars["iterations_left"] == 0
                    or self.ivars["converged_count"] >= self.iparams["k"]):
                return

    def update(self):
        """One step (the first sets up the norms and counters)."""
        if self.ivars["istep"] == 0:
            norm = self.xp.linalg.norm
            x_norm = float(norm(self.X))
            self.fvars.update(X_norm=x_norm, A_norm=float(norm(self.A @ self.X)) / x_norm,
                              B_norm=float(norm(self._b(self.X))) / x_norm)
            self.ivars.update(iterations_left=self.iparams["niter"], converged_count=0, converged_end=0)
        (self._update_ortho if self.method == "ortho" else self._update_basic)()
        self.ivars["iterations_left"] -= 1
        self.ivars["istep"] += 1

    def _b(self, U):
        return U if self.B is None else self.B @ U

    def _eigh(self, M, largest=False):
        E, Z = self.xp.linalg.eigh(M, UPLO="U")
        return (E[::-1], Z[:, ::-1]) if largest else (E, Z)

    def _update_residual_and_count(self):
        """``R = A X - B X diag(E)``; the converged count is the leading run of pairs whose backward stable
        residual ``|r_i| / (|x_i| (|A| + |e_i| |B|))`` is below tol (Duersch et al., section 4.3)."""
        norm = self.xp.linalg.norm
        self.R = self.A @ self.X - self._b(self.X) * self.E
        rerr = norm(self.R, axis=0) / (norm(self.X, axis=0) * (self.fvars["A_norm"] + abs(self.E) * self.fvars["B_norm"]))
        below = (rerr < self.fparams["tol"]).tolist() + [False]
        self.tvars["rerr"] = rerr
        self.ivars["converged_count"] = below.index(False)
        return self.ivars["converged_count"]

    def _set_basis(self, P, W):
        """``S = [X, P, W]`` (its used columns: ``converged_end``)."""
        n, np_ = self.iparams["n"], P.shape[-1]
        end = n + np_ + W.shape[-1]
        self.S[:, :n], self.S[:, n:n + np_], self.S[:, n + np_:end] = self.X, P, W
        self.ivars["converged_end"] = end

    def _precondition(self, R):
        return R if self.iK is None else self.iK @ R

    def _update_basic(self):
        n = self.iparams["n"]
        nc, ns = self.ivars["converged_count"], self.ivars["converged_end"]
        S = self.X if self.ivars["istep"] == 0 else self.S[:, nc:ns]
        E, C = self._ritz(S)
        if self.ivars["istep"] == 0:
            self.X, self.E = S @ C, E.copy()
            P = S[:, :0]
        else:
            self.X[:, nc:], self.E[nc:] = S @ C[:, :n - nc], E[:n - nc]
            P = S @ C[:, n:2 * n - nc]
        nc = self._update_residual_and_count()
        self._set_basis(P, self._precondition(self.R if self.ivars["istep"] == 0 else self.R[:, nc:]))

    def _update_ortho(self):
        n, largest = self.iparams["n"], self.bparams["largest"]
        nc, ns = self.ivars["converged_count"], self.ivars["converged_end"]
        if self.ivars["istep"] == 0:  # E stays 0 here, as PyTorch's
            self.X = self.X @ self._ritz(self.X)[1]
            self._update_residual_and_count()
            P = self.X[:, :0]
            self._set_basis(P, self._ortho(self.R, self.X))
            return
        S = self.S[:, nc:ns]
        E, Z = self._eigh(S.T @ self.A @ S, largest)
        self.X[:, nc:], self.E[nc:] = S @ Z[:, :n - nc], E[:n - nc]
        P = S @ (Z[:, n - nc:] @ self.xp.linalg.qr(Z[:n - nc, n - nc:].T)[0])
        nc = self._update_residual_and_count()
        self._set_basis(P, self._ortho(self.R[:, nc:], self.xp.concatenate([self.X, P], axis=1)))

    def _ritz(self, S):
        """The Ritz values ``E`` of A on span(S) and coefficients ``C`` of their vectors ``S C`` (B-orthonormal)."""
        Ri = self._rayleigh_ritz_transform(S)
        E, Z = self._eigh(Ri.T @ (S.T @ self.A @ S) @ Ri, self.bparams["largest"])
        return E, Ri @ Z

    def _rayleigh_ritz_transform(self, S):
        """``Ri`` with ``Ri^T S^T B S Ri = I``: ``D R^-1`` for ``R^T R`` the Cholesky factorization of
        ``D S^T B S D``, ``D = diag(S^T B S)^-1/2``."""
        xp = self.xp
        SBS = S.T @ self._b(S)
        d = xp.diagonal(SBS) ** -0.5
        R = xp.linalg.cholesky(SBS * d * d[:, None]).T
        return xp.linalg.solve(R.T, xp.diag(d)).T

    def _svqb(self, U, drop, tau):
        """B-orthonormal columns spanning U's (Duersch's algorithm 4; ``drop``: without the columns of
        small contribution, their eigenvalue of ``D U^T B U D`` below ``tau`` times the largest)."""
        xp = self.xp
        if U.size == 0:
            return U
        UBU = U.T @ self._b(U)
        d = xp.diagonal(UBU)
        keep = d != 0
        if not keep.all():  # exact zero columns
            U, UBU, d = U[:, keep], UBU[keep][:, keep], d[keep]
            if U.size == 0:
                return U
        d = d ** -0.5
        E, Z = self._eigh(UBU * d * d[:, None])
        t = tau * abs(E).max()
        if drop:
            E, Z = E[E > t], Z[:, E > t]
        else:
            E = xp.maximum(E, t)
        return (U * d) @ (Z * E ** -0.5)

    def _ortho(self, U, V):
        """B-orthonormal columns spanning U's part B-orthogonal to V's (Duersch's algorithms 3 and 6)."""
        xp, norm = self.xp, self.xp.linalg.norm
        tau_ortho, tau_drop, tau_replace = (self.fparams[key] for key in ("ortho_tol", "ortho_tol_drop",
                                                                          "ortho_tol_replace"))
        use_drop = self.bparams["ortho_use_drop"]
        BV_norm = norm(self._b(V))
        BU = self._b(U)
        VBU = V.T @ BU
        for i in range(self.iparams["ortho_i_max"]):
            U = U - V @ VBU
            drop, tau_svqb = False, tau_drop
            for j in range(self.iparams["ortho_j_max"]):
                U = self._svqb(U, drop, tau_svqb) if use_drop else self._svqb(U, False, tau_replace)
                drop, tau_svqb = True, tau_replace
                if U.size == 0:  # every column of U lies in span(V)
                    return U
                BU = self._b(U)
                UBU = U.T @ BU
                if float(norm(UBU - xp.eye(UBU.shape[-1], dtype=UBU.dtype))) < tau_ortho * float(norm(BU) * norm(U)):
                    break
            VBU = V.T @ BU
            if float(norm(VBU)) < tau_ortho * float(BV_norm * norm(U)):
                break
        return U
