"""Review of det's double backward, ldl_solve's pivots and lobpcg: cases their own tests did not reach."""
import numpy as np
import pytest

import autograd_core as ag


def _spd(m, seed=0):
    q = np.linalg.qr(np.random.default_rng(seed).standard_normal((m, m)))[0]
    return (q * np.arange(1, m + 1.0)) @ q.T


@pytest.mark.parametrize("kw,k,n", [({"k": 3, "n": 2}, 3, 2), ({"k": 3, "X": np.ones((12, 2))}, 3, 2),
                                    ({"k": 0}, 0, 0)])
def test_lobpcg_refuses_more_pairs_than_columns_or_none(kw, k, n):
    """PyTorch runs every iteration (its converged count never reaches k) and returns n < k pairs, and divides
    by 0 for k=0; NumPy's broadcast error and a ZeroDivisionError came out before."""
    kw = {key: ag.tensor(v) if isinstance(v, np.ndarray) else v for key, v in kw.items()}
    with pytest.raises(ValueError, match=rf"lobpcg: k \(={k}\) must be at least 1 and at most n \(={n}\)"):
        ag.lobpcg(ag.tensor(_spd(12)), **kw)


@pytest.mark.parametrize("a,b", [(np.full((12, 12), np.nan), None), (_spd(12), -np.eye(12))])
def test_lobpcg_failed_factorization_names_the_op(a, b):
    with pytest.raises(RuntimeError, match="lobpcg"):
        ag.lobpcg(ag.tensor(a), k=2, B=None if b is None else ag.tensor(b))
