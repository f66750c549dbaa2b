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
        if p.data is not None:  # BatchNorm makes its parameters on the first call, in the input's dtype
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


def resnet18(num_classes=10):
    """``models.resnet18`` (torchvision's layout) from DeZero's Conv2d, BatchNorm and pooling. DeZero's
    max-pool pads with zeros, not -inf; it follows a ReLU here, so the maxima are the same."""
    import dezero.functions as F
    import dezero.layers as L

    def conv(c_in, c_out, k, stride=1, pad=0):
        return L.Conv2d(c_out, k, stride=stride, pad=pad, nobias=True, in_channels=c_in)

    layers = {"conv1": conv(3, 64, 7, 2, 3), "bn1": L.BatchNorm(), "fc": L.Linear(num_classes, in_size=512)}
    blocks, c_in = [], 64
    for stage, (c_out, stride) in enumerate(((64, 1), (128, 2), (256, 2), (512, 2)), 1):
        for b in range(2):
            name, s = f"s{stage}b{b}", stride if b == 0 else 1
            layers.update({f"{name}c1": conv(c_in, c_out, 3, s, 1), f"{name}n1": L.BatchNorm(),
                           f"{name}c2": conv(c_out, c_out, 3, 1, 1), f"{name}n2": L.BatchNorm()})
            if s != 1 or c_in != c_out:
                layers.update({f"{name}d": conv(c_in, c_out, 1, s), f"{name}dn": L.BatchNorm()})
            blocks.append((name, f"{name}d" in layers))
            c_in = c_out

    def forward(m, x):
        x = F.pooling(F.relu(m.bn1(m.conv1(x))), 3, 2, 1)
        for name, down in blocks:
            identity = getattr(m, f"{name}dn")(getattr(m, f"{name}d")(x)) if down else x
            out = F.relu(getattr(m, f"{name}n1")(getattr(m, f"{name}c1")(x)))
            x = F.relu(getattr(m, f"{name}n2")(getattr(m, f"{name}c2")(out)) + identity)
        n, c, h, w = x.shape
        return m.fc(F.sum(F.reshape(x, (n, c, h * w)), axis=2) / (h * w))  # its sum takes one axis
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
            # BatchNorm's running statistics are Parameters too, with no gradient
            dtypes = {str(p.grad.data.dtype) for p in model.params() if p.grad is not None}
            if dtypes != {"float32"}:
                raise RuntimeError(f"DeZero's gradients are {dtypes}, not float32: not a like-for-like comparison")
            checked.append(True)
        if sgd:
            opt.update()
    return step
