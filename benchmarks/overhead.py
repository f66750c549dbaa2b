"""Per-op overhead: the tanh chain of the engine issue, and single ops from 1 to 10^6 elements.

The chain: ``y = x`` (10 float64 elements, requiring grad); 100 times
``y = tanh(y) * 1.01 + 0.1``; then ``y.sum().backward()``; reported per op
(time / 300). Single ops (add, matmul, sum, relu; float32) run forward only,
on inputs that require grad (so the graph is recorded, as in training), and
forward + backward, where a non-scalar output is reduced by ``.sum()`` first in
every framework. matmul on n elements multiplies two sqrt(n) x sqrt(n) matrices.
"""
import numpy as np

from .frameworks import OURS, PEERS
from .harness import Case

CHAIN_LENGTH = 100
CHAIN_OPS = 3 * CHAIN_LENGTH  # tanh, mul, add per link; the final sum and backward are spread over these
SIZES = (1, 100, 10**4, 10**6)
QUICK_SIZES = (1, 10**4)
OPS = ("add", "matmul", "sum", "relu")


def chain_step(fw):
    """The engine issue's chain, for any framework."""
    x = fw.tensor(np.random.default_rng(0).standard_normal(10), requires_grad=True)
    tanh = fw.ops["tanh"]

    def step():
        fw.zero_grad(x)
        y = x
        for _ in range(CHAIN_LENGTH):
            y = tanh(y) * 1.01 + 0.1
        y.sum().backward()
    return step


def op_step(fw, op, n, backward):
    """One op on n-element float32 inputs that require grad; with ``backward``, then ``.sum().backward()``."""
    rng = np.random.default_rng(0)
    shape = (int(round(n ** 0.5)),) * 2 if op == "matmul" else (n,)
    a = fw.tensor(rng.standard_normal(shape).astype(np.float32), requires_grad=True)
    b = fw.tensor(rng.standard_normal(shape).astype(np.float32), requires_grad=True)
    f = fw.ops[op]
    args = (a, b) if op in ("add", "matmul") else (a,)
    scalar_out = op == "sum"
    if not backward:
        return lambda: f(*args)

    def step():
        fw.zero_grad(a)
        fw.zero_grad(b)
        y = f(*args)
        (y if scalar_out else y.sum()).backward()
    return step


def _all(make):
    return {name: make for name in (OURS,) + PEERS}


def cases(ctx):
    out = [Case("tanh_chain", "us/op", _all(chain_step), scale=1e6 / CHAIN_OPS,
                params={"length": CHAIN_LENGTH, "ops": CHAIN_OPS, "elements": 10, "dtype": "float64"})]
    for op in OPS:
        for n in (QUICK_SIZES if ctx.quick else SIZES):
            for backward in (False, True):
                mode = "fwd+bwd" if backward else "fwd"
                out.append(Case(f"{op}[n={n:g},{mode}]", "us",
                                _all(lambda fw, op=op, n=n, backward=backward: op_step(fw, op, n, backward)),
                                scale=1e6, params={"op": op, "n": n, "mode": mode, "dtype": "float32"}))
    return out
