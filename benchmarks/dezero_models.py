"""The benchmark models in DeZero's own API (dezero.layers / dezero.functions), as close as it allows.

DeZero initialises its weights itself (its layers have no common init with
torch's); timings do not depend on the values. Its initialisers multiply float32
draws by a NumPy float64 scale, which NumPy 2 promotes to float64, so the
weights are cast back to float32 here, and ``training_step`` refuses a loss
that is not float32: every framework computes in float32. Its LSTM layer is a
cell that is called once per time step, so the sequence runs as a Python loop,
with the head and the loss applied per step (the idiomatic DeZero way).
"""
import numpy as np


def _model(layers, forward):
    from dezero import Model

    class Net(Model):
        def __init__(self):
            super().__init__()
            for name, layer in layers.items():
                setattr(self, name, layer)

        def forward(self, x):
            return forward(self, x)
    net = Net()
    for p in net.params():
        p.data = p.data.astype("float32")
    return net


def mlp(sizes=(784, 1000, 1000, 10)):
    import dezero.functions as F
    import dezero.layers as L
    layers = {f"l{i}": L.Linear(n_out, in_size=n_in) for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]))}

    def forward(m, x):
        for i in range(len(layers) - 1):
            x = F.relu(getattr(m, f"l{i}")(x))
        return getattr(m, f"l{len(layers) - 1}")(x)
    return _model(layers, forward)


def lenet():
    import dezero.functions as F
    import dezero.layers as L
    layers = {"c1": L.Conv2d(32, 3, pad=1, in_channels=1), "c2": L.Conv2d(64, 3, pad=1, in_channels=32),
              "fc": L.Linear(10, in_size=3136)}

    def forward(m, x):
        x = F.pooling(F.relu(m.c1(x)), 2, 2)
        x = F.pooling(F.relu(m.c2(x)), 2, 2)
        return m.fc(F.reshape(x, (x.shape[0], -1)))
    return _model(layers, forward)


def lstm_regressor(hidden=64):
    """Returns (model, loss_fn(x, t)) on NumPy arrays: per-step cell, head and MSE, averaged over the steps."""
    import dezero.functions as F
    import dezero.layers as L
    model = _model({"lstm": L.LSTM(hidden, in_size=1), "head": L.Linear(1, in_size=hidden)},
                   lambda m, x: m.head(m.lstm(x)))

    def loss_fn(x, t):
        model.lstm.reset_state()
        steps = x.shape[1]
        loss = 0
        for s in range(steps):
            loss = loss + F.mean_squared_error(model(x[:, s, :]), t[:, s, :])
        return loss / steps
    return model, loss_fn


def training_step(fw, model, loss, x, t, sgd=True):
    """DeZero's step: ``loss(model, x, t)`` -> Variable; cleargrads, backward, SGD update when ``sgd``."""
    import dezero
    if fw.device == "cuda":
        model.to_gpu()
        x, t = fw._cupy.asarray(x), fw._cupy.asarray(t)
    if t.dtype.kind in "iu" and t.max() < 256:
        t = t.astype(np.uint8)  # DeZero's one-hot takes the labels' dtype: int64 would make float32 - int64 float64
    opt = dezero.optimizers.SGD(0.01).setup(model)
    checked = []

    def step():
        model.cleargrads()
        loss(model, x, t).backward()
        if not checked:  # the first (warm-up) call
            dtypes = {str(p.grad.data.dtype) for p in model.params()}
            if dtypes != {"float32"}:
                raise RuntimeError(f"DeZero's gradients are {dtypes}, not float32: not a like-for-like comparison")
            checked.append(True)
        if sgd:
            opt.update()
    return step
