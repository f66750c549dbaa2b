"""GPU behaviour: layers, optimizers, data and checkpoints on ``cuda``, checked against the CPU.

Every test here is marked ``gpu``. With CuPy and a GPU: ``python -m pytest -m gpu``. Without a
GPU, tests/test_fake_gpu.py runs them on tests/fakegpu, a CPU stand-in for CuPy that refuses
host arrays in device ops and device-to-host copies where ``allow_synchronize(False)`` says so.
"""
import copy

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import backend, kernels, nn, optim
from autograd_core.datasets import DataLoader, TensorDataset
from autograd_core.nn import functional as F

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not ag.cuda.is_available(), reason="needs CuPy and a CUDA GPU")]


def _no_sync():
    import cupyx
    return cupyx.allow_synchronize(False)


@pytest.fixture(autouse=True)
def _numpy_path_on_the_cpu(monkeypatch):
    """The CPU reference without the compiled kernels (tests/test_kernels.py checks those): its sums then run
    in the order of the device code's, where a conv bias before batch norm, whose gradient is rounding noise
    around 0, would otherwise take Adam steps of size lr in different directions."""
    monkeypatch.setattr(kernels, "MIN_SIZE", 1 << 62)


class SmallCNN(nn.Module):
    """Conv (padding, dilation, depthwise), batch norm, pooling, upsampling and a residual add."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        self.depthwise = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=8)
        self.up = nn.Upsample(scale_factor=2, mode="bilinear")
        self.fc = nn.Linear(8 * 2 * 2, 5)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = x + self.depthwise(x)
        x = F.max_pool2d(x, 2)
        x = F.avg_pool2d(self.up(x), 4)
        return self.fc(x.flatten(1))


class SeqNet(nn.Module):
    """Embedding -> LSTM -> GRU -> linear."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(11, 6)
        self.lstm = nn.LSTM(6, 7, batch_first=True)
        self.gru = nn.GRU(7, 5, batch_first=True)
        self.head = nn.Linear(5, 3)

    def forward(self, tokens):
        h, _ = self.lstm(self.emb(tokens))
        h, _ = self.gru(h)
        return self.head(h[:, -1])


def _mlp_case(rng):
    return (nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 4)),
            rng.standard_normal((8, 20)).astype(np.float32), rng.integers(0, 4, 8), F.cross_entropy)


def _lenet_case(rng):
    return (nn.models.LeNet(), rng.standard_normal((4, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, 4),
            F.cross_entropy)


def _cnn_case(rng):
    return SmallCNN(), rng.standard_normal((4, 3, 8, 8)).astype(np.float32), rng.integers(0, 5, 4), F.cross_entropy


def _seq_case(rng):
    return (SeqNet(), rng.integers(0, 11, (4, 6)), rng.standard_normal((4, 3)).astype(np.float32), F.mse_loss)


CASES = {"mlp": _mlp_case, "lenet": _lenet_case, "cnn": _cnn_case, "seq": _seq_case}
OPTIMIZERS = {
    "sgd_nesterov": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3),
    "adagrad": lambda p: optim.Adagrad(p, lr=0.1),
    "rmsprop": lambda p: optim.RMSprop(p, lr=0.01, momentum=0.5),
    "adadelta": lambda p: optim.Adadelta(p),
    "adam": lambda p: optim.Adam(p, lr=0.01),
    "adamw": lambda p: optim.AdamW(p, lr=0.01),
    "adamax": lambda p: optim.Adamax(p, lr=0.01),
    "nadam": lambda p: optim.NAdam(p, lr=0.01, decoupled_weight_decay=True, weight_decay=1e-2),
    "radam": lambda p: optim.RAdam(p, lr=0.01),
    "rprop": lambda p: optim.Rprop(p, lr=0.01),
    "asgd": lambda p: optim.ASGD(p, lr=0.01, t0=1),
    "adafactor": lambda p: optim.Adafactor(p, lr=0.01, weight_decay=0.1),
    "muon": lambda p: optim.Muon([q for q in p if q.ndim == 2], lr=0.02),  # Muon takes only the weight matrices
}


def _train(model, make_opt, x, y, loss_fn, steps=2, device="cpu"):
    model = model.to(device)
    opt = make_opt(model.parameters())
    x, y = ag.tensor(x, device=device), ag.tensor(y, device=device)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return model, losses


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("opt", ["sgd_nesterov", "adam"])
def test_training_steps_on_gpu_match_the_cpu(case, opt):
    model, x, y, loss_fn = CASES[case](np.random.default_rng(0))
    gpu_model = copy.deepcopy(model)
    cpu_model, cpu_losses = _train(model, OPTIMIZERS[opt], x, y, loss_fn)
    gpu_model, gpu_losses = _train(gpu_model, OPTIMIZERS[opt], x, y, loss_fn, device="cuda")
    np.testing.assert_allclose(gpu_losses, cpu_losses, rtol=1e-4, atol=1e-5)
    for (name, p), q in zip(cpu_model.named_parameters(), gpu_model.parameters()):
        assert q.device == "cuda" and q.grad.device == "cuda", name
        # float32 products summed in another order (cuBLAS, or another operand layout) differ in the last
        # bits, and Adam's division by sqrt(v) can grow that for gradients near zero: hence atol 1e-4
        np.testing.assert_allclose(q.detach().cpu().numpy(), p.detach().numpy(), rtol=1e-4, atol=1e-4,
                                   err_msg=name)
    for (name, b), c in zip(cpu_model.named_buffers(), gpu_model.buffers()):
        assert c.device == "cuda", name
        np.testing.assert_allclose(c.cpu().numpy(), b.numpy(), rtol=1e-4, atol=1e-5, err_msg=name)


@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_every_optimizer_steps_on_gpu_as_on_cpu(opt):
    model, x, y, loss_fn = _mlp_case(np.random.default_rng(1))
    gpu_model = copy.deepcopy(model)
    cpu_model, cpu_losses = _train(model, OPTIMIZERS[opt], x, y, loss_fn, steps=3)
    gpu_model, gpu_losses = _train(gpu_model, OPTIMIZERS[opt], x, y, loss_fn, steps=3, device="cuda")
    np.testing.assert_allclose(gpu_losses, cpu_losses, rtol=1e-4, atol=1e-5)
    for p, q in zip(cpu_model.parameters(), gpu_model.parameters()):
        np.testing.assert_allclose(q.detach().cpu().numpy(), p.detach().numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("case", CASES)
def test_a_training_step_never_copies_to_the_host(case):
    """Forward, loss, backward and the optimizer step run with synchronization disallowed
    (dropout draws its mask on the device; the loss is read only after the step)."""
    model, x, y, loss_fn = CASES[case](np.random.default_rng(2))
    model = nn.Sequential(model, nn.Dropout(0.2)).cuda() if case == "mlp" else model.cuda()
    opt = optim.Adam(model.parameters(), lr=1e-3)
    x, y = ag.tensor(x, device="cuda"), ag.tensor(y, device="cuda")
    for _ in range(2):
        with _no_sync():
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
        assert np.isfinite(loss.item())


def test_transfers_are_differentiable_both_ways():
    x = ag.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (x.cuda() * 2).cpu() * x
    y.sum().backward()
    assert y.device == "cpu" and x.grad.device == "cpu"
    np.testing.assert_allclose(x.grad.numpy(), [4.0, 8.0, 12.0])
    w = ag.tensor([1.0, -1.0], device="cuda", requires_grad=True)
    (w.to("cpu") ** 2).sum().backward()
    assert w.grad.device == "cuda"
    np.testing.assert_allclose(w.grad.cpu().numpy(), [2.0, -2.0])


@pytest.mark.parametrize("make", [ag.zeros_like, ag.ones_like, ag.empty_like, ag.rand_like, ag.randn_like,
                                  lambda x, **kw: ag.full_like(x, 7.0, **kw),
                                  lambda x, **kw: ag.randint_like(x, 0, 5, **kw)])
def test_like_creation_follows_the_device_of_its_input_as_torch(make):
    x = ag.ones(2, 3, dtype=ag.float64, device="cuda")
    y = make(x)
    assert y.device == "cuda" and y.dtype == np.float64 and y.shape == (2, 3)
    assert make(x, device="cpu").device == "cpu"


def test_module_to_moves_parameters_buffers_and_gradients_and_optimizer_state_follows():
    model = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
    opt = optim.Adam(model.parameters(), lr=0.1)
    x = ag.randn(5, 4)
    model(x).sum().backward()
    opt.step()
    model.cuda()
    assert all(p.device == "cuda" and p.grad.device == "cuda" for p in model.parameters())
    assert all(b.device == "cuda" for b in model.buffers())
    opt.zero_grad()
    model(x.cuda()).sum().backward()
    opt.step()  # the moments made on the CPU move with their parameters
    assert all(v.device == "cuda" for state in opt.state_dict()["state"].values()
               for v in state.values() if isinstance(v, ag.Tensor))
    model.cpu()
    assert all(p.device == "cpu" and p.grad.device == "cpu" for p in model.parameters())


def test_mixing_devices_names_the_op_and_both_devices():
    a, b = ag.ones(2), ag.ones(2, device="cuda")
    with pytest.raises(RuntimeError, match=r"add: operands are on different devices \(cpu and cuda:0\)"):
        a + b
    with pytest.raises(RuntimeError, match=r"matmul: operands are on different devices"):
        ag.ones(2, 2) @ ag.ones(2, 2, device="cuda")
    with pytest.raises(RuntimeError, match=r"Linear: inputs are on different devices \(cuda:0 and cpu\)"):
        nn.Linear(2, 2)(b)
    with pytest.raises(RuntimeError, match=r"Conv: inputs are on different devices \(cuda:0 and cpu\)"):
        nn.Conv2d(1, 1, 3)(ag.ones(1, 1, 4, 4, device="cuda"))


def test_host_indices_are_range_checked_then_moved_to_the_gpu():
    x = ag.arange(6.0, device="cuda").reshape(2, 3)
    np.testing.assert_array_equal(x[:, [2, -3]].cpu().numpy(), [[2.0, 0.0], [5.0, 3.0]])
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 1 with size 3"):
        x[:, [0, 3]]
    with pytest.raises(IndexError, match="index -4 is out of bounds for axis 1 with size 3"):
        x[np.array([1]), np.array([-4])]


def test_factories_dataloader_and_checkpoints_on_gpu(tmp_path):
    for t in (ag.zeros(2, 3, device="cuda"), ag.randn(4, device="cuda"), ag.arange(5, device="cuda"),
              ag.full((2,), 7.0, device="cuda"), ag.eye(3, device="cuda")):
        assert t.device == "cuda"
    data = TensorDataset(ag.randn(10, 3), ag.arange(10))
    xb, yb = next(iter(DataLoader(data, batch_size=4, device="cuda")))
    assert xb.device == "cuda" and yb.device == "cuda"
    model = nn.Linear(3, 2).cuda()
    path = tmp_path / "model.npz"
    ag.save(model.state_dict(), path)
    on_cpu = ag.load(path, map_location="cpu")
    on_gpu = ag.load(path, map_location="cuda")
    for name, p in model.state_dict().items():
        assert on_cpu[name].device == "cpu" and on_gpu[name].device == "cuda"
        np.testing.assert_array_equal(on_cpu[name].numpy(), p.cpu().numpy())


def test_manual_seed_seeds_the_gpu_generator():
    x = ag.ones(1000, device="cuda")
    ag.manual_seed(3)
    a = F.dropout(x, 0.5, training=True)
    ag.manual_seed(3)
    b = F.dropout(x, 0.5, training=True)
    assert a.device == "cuda"
    np.testing.assert_array_equal(a.cpu().numpy(), b.cpu().numpy())
    assert 300 < int((a.cpu().numpy() == 0).sum()) < 700


def test_bad_class_indices_on_gpu_raise_at_the_next_read():
    """Checking needs the values on the host; like CUDA's device-side asserts, the error comes at
    the next copy to the host instead of stalling the GPU in the forward pass."""
    logits = ag.randn(2, 3, device="cuda", requires_grad=True)
    with _no_sync():
        loss = F.cross_entropy(logits, ag.tensor([0, 7], device="cuda"))
    with pytest.raises(IndexError, match=r"cross_entropy: targets .* span \[0, 7\] but must lie in \[0, 2\]"):
        loss.item()
    assert np.isfinite(F.cross_entropy(logits, ag.tensor([0, 2], device="cuda")).item())  # the queue is cleared
    for _ in range(backend._MAX_PENDING + 1):  # a loop that never reads back still gets checked, in bulk
        F.cross_entropy(logits, ag.tensor([0, 2], device="cuda"))
    assert len(backend._pending) <= backend._MAX_PENDING


def test_an_in_place_change_of_a_view_reaches_its_base_on_gpu_as_on_cpu():
    def run(device):
        w = ag.tensor([1.0, 2.0, 3.0]).to(device).requires_grad_()
        b = ag.zeros(2, 3, device=device)
        b.T[1:].mul_(0.5).add_(w[:2].reshape(2, 1))  # a transposed slice: through b, on the device
        (b * b).sum().backward()
        return b, w.grad
    with _no_sync():
        on_gpu = run("cuda")
    for got, want in zip(on_gpu, run("cpu")):
        assert got.device.type == "cuda"
        np.testing.assert_allclose(got.detach().cpu().numpy(), want.detach().numpy())


def test_views_follow_in_place_changes_on_the_gpu_without_host_copies():
    def fn(w):
        h = w.T * 2
        row, col, d = h[0], h[:, 1], h.detach()
        h.mul_(w[0, 0])
        row.add_(w[:, 1])
        col.exp_()
        return ag.stack([row.sum(), col.sum(), (h * h).sum(), d.sum()])
    data = np.random.default_rng(5).uniform(0.5, 1.5, (3, 2))
    results = []
    for device in ("cpu", "cuda"):
        w = ag.tensor(data).to(device).requires_grad_()
        with _no_sync():
            y = fn(w)
            g, = ag.grad(y.sum(), [w], create_graph=True)
            gg, = ag.grad((g * g).sum(), [w])
        results.append([t.detach().cpu().numpy() for t in (y, g, gg)])
    for cpu, gpu in zip(*results):
        np.testing.assert_allclose(gpu, cpu, rtol=1e-12)


@pytest.mark.parametrize("opt", OPTIMIZERS)
def test_every_optimizer_step_never_copies_to_the_host(opt):
    model, x, y, loss_fn = _mlp_case(np.random.default_rng(3))
    model = model.cuda()
    optimizer = OPTIMIZERS[opt](model.parameters())
    loss_fn(model(ag.tensor(x, device="cuda")), ag.tensor(y, device="cuda")).backward()
    for _ in range(2):
        with _no_sync():
            optimizer.step()


def test_forward_ad_tangent_stays_on_the_device_and_matches_the_cpu():
    from autograd_core.autograd import forward_ad as fwAD
    rng = np.random.default_rng(4)
    x, v = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    results = []
    for device in ("cpu", "cuda"):
        with fwAD.dual_level(), _no_sync():
            dual = fwAD.make_dual(ag.tensor(x, device=device), ag.tensor(v, device=device))
            primal, tangent = fwAD.unpack_dual((dual.sin() @ dual.T).tanh())
        assert tangent.device == primal.device == ("cuda:0" if device == "cuda" else "cpu")
        results.append([t.cpu().numpy() for t in (primal, tangent)])
    for cpu, gpu in zip(*results):
        np.testing.assert_allclose(gpu, cpu, rtol=1e-12)
