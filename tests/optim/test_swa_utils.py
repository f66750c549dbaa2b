"""optim.swa_utils against torch.optim.swa_utils: averaged parameters and buffers (SWA and EMA, per-tensor and
in-place functions, use_buffers both ways), the SWALR lr sequence, update_bn's running statistics, the
AveragedModel state_dict, and the error cases."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import datasets, nn, optim
from autograd_core.optim import lr_scheduler, swa_utils

torch = pytest.importorskip("torch")


def lib_modules(lib):
    """(nn, swa_utils, lr_scheduler, optim) of ``lib``."""
    if lib is ag:
        return nn, swa_utils, lr_scheduler, optim
    return torch.nn, torch.optim.swa_utils, torch.optim.lr_scheduler, torch.optim


def mlp(lib):
    n = lib_modules(lib)[0]
    return n.Sequential(n.Linear(3, 4), n.BatchNorm1d(4), n.ReLU(), n.Linear(4, 2))


def convnet(lib):
    n = lib_modules(lib)[0]
    return n.Sequential(n.Conv2d(2, 3, 3, padding=1), n.BatchNorm2d(3, momentum=0.3), n.ReLU(),
                        n.InstanceNorm2d(3, track_running_stats=True), n.Flatten(), n.Linear(3 * 5 * 5, 4),
                        n.BatchNorm1d(4))


def twin(make):
    """The same model in both libraries: ours, and torch's loaded with our values."""
    ours, theirs = make(ag), make(torch)
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in ours.state_dict().items()})
    return ours, theirs


def assert_same_state(ours, theirs, atol=1e-6):
    mine, other = ours.state_dict(), theirs.state_dict()
    assert list(mine) == list(other)
    for key in mine:
        assert mine[key].dtype == other[key].numpy().dtype, key
        np.testing.assert_allclose(mine[key].numpy(), other[key].numpy(), rtol=1e-6, atol=atol, err_msg=key)


def train_a_little(ours, theirs, rng):
    """As an optimizer step would: new parameter values, and a forward in training mode (new BN statistics)."""
    with torch.no_grad(), ag.no_grad():
        for p, q in zip(ours.parameters(), theirs.parameters()):
            value = rng.standard_normal(p.shape).astype(np.float32)
            p.copy_(ag.tensor(value))
            q.copy_(torch.tensor(value))
        x = rng.standard_normal((6, 3)).astype(np.float32)
        ours(ag.tensor(x))
        theirs(torch.tensor(x))


AVERAGING = {
    "swa": lambda su: {},
    "swa-buffers": lambda su: dict(use_buffers=True),
    "swa-multi": lambda su: dict(multi_avg_fn=su.get_swa_multi_avg_fn()),
    "ema": lambda su: dict(avg_fn=su.get_ema_avg_fn(0.8)),
    "ema-buffers": lambda su: dict(avg_fn=su.get_ema_avg_fn(0.8), use_buffers=True),
    "ema-multi": lambda su: dict(multi_avg_fn=su.get_ema_multi_avg_fn(0.7)),
    "ema-multi-buffers": lambda su: dict(multi_avg_fn=su.get_ema_multi_avg_fn(0.7), use_buffers=True),
    "custom": lambda su: dict(avg_fn=lambda a, m, n: (a + 2 * m) / 3),
}


@pytest.mark.parametrize("case", AVERAGING)
def test_averaged_parameters_and_buffers_match_torch(case):
    rng = np.random.default_rng(0)
    ours, theirs = twin(mlp)
    averaged = swa_utils.AveragedModel(ours, **AVERAGING[case](swa_utils))
    torch_averaged = torch.optim.swa_utils.AveragedModel(theirs, **AVERAGING[case](torch.optim.swa_utils))
    for _ in range(5):
        train_a_little(ours, theirs, rng)
        averaged.update_parameters(ours)
        torch_averaged.update_parameters(theirs)
        assert_same_state(averaged, torch_averaged)
    assert averaged.n_averaged.item() == 5


def test_swa_multi_with_buffers_averages_integer_buffers_as_torch_does_on_cpu():
    # torch's in-place SWA function refuses the integer num_batches_tracked; ours gives torch's CPU default result
    rng = np.random.default_rng(1)
    ours, theirs = twin(mlp)
    averaged = swa_utils.AveragedModel(ours, multi_avg_fn=swa_utils.get_swa_multi_avg_fn(), use_buffers=True)
    torch_averaged = torch.optim.swa_utils.AveragedModel(theirs, use_buffers=True)
    for _ in range(4):
        train_a_little(ours, theirs, rng)
        averaged.update_parameters(ours)
        torch_averaged.update_parameters(theirs)
    assert_same_state(averaged, torch_averaged)


def test_averaged_model_copies_the_model_and_forwards_to_the_copy():
    model = mlp(ag)
    averaged = swa_utils.AveragedModel(model, device="cpu")
    assert averaged.module is not model and averaged.n_averaged.dtype == np.int64
    with ag.no_grad():
        model[0].weight.mul_(2.0)
    assert not np.allclose(averaged.module[0].weight.detach().numpy(), model[0].weight.detach().numpy())
    averaged.update_parameters(model)
    np.testing.assert_array_equal(averaged.module[0].weight.detach().numpy(), model[0].weight.detach().numpy())
    model.eval()
    averaged.eval()
    x = ag.randn(5, 3)
    np.testing.assert_allclose(averaged(x).detach().numpy(), model(x).detach().numpy(), rtol=1e-6)
    assert all(p.requires_grad and p.is_leaf for p in averaged.parameters())
    assert averaged(x).requires_grad  # as torch: the averaged copy is a model like any other


def test_state_dict_round_trips_through_a_file(tmp_path):
    rng = np.random.default_rng(2)
    ours, theirs = twin(mlp)
    averaged = swa_utils.AveragedModel(ours, avg_fn=swa_utils.get_ema_avg_fn(0.5), use_buffers=True)
    for _ in range(3):
        train_a_little(ours, theirs, rng)
        averaged.update_parameters(ours)
    ag.save(averaged.state_dict(), tmp_path / "swa.npz")
    restored = swa_utils.AveragedModel(mlp(ag), avg_fn=swa_utils.get_ema_avg_fn(0.5), use_buffers=True)
    restored.load_state_dict(ag.load(tmp_path / "swa.npz"))
    for (key, a), b in zip(averaged.state_dict().items(), restored.state_dict().values()):
        np.testing.assert_array_equal(a.numpy(), b.numpy(), err_msg=key)
    assert restored.n_averaged.item() == 3
    # the next update continues the same average
    train_a_little(ours, theirs, rng)
    averaged.update_parameters(ours)
    restored.update_parameters(ours)
    np.testing.assert_array_equal(averaged.module[0].bias.detach().numpy(), restored.module[0].bias.detach().numpy())
    # and torch's AveragedModel reads it under the same keys
    torch_averaged = torch.optim.swa_utils.AveragedModel(mlp(torch))
    torch_averaged.load_state_dict({k: torch.tensor(v.numpy()) for k, v in restored.state_dict().items()})
    assert torch_averaged.n_averaged.item() == 4


def make_optimizer(lib):
    zeros = (lambda: ag.zeros(1, requires_grad=True)) if lib is ag else (lambda: torch.zeros(1, requires_grad=True))
    return lib_modules(lib)[3].SGD([{"params": [zeros()], "lr": 1.0}, {"params": [zeros()], "lr": 0.3}], lr=1.0)


def lr_history(lib, swa_kwargs, base=None, switch=0, steps=14):
    """Every group's lr after construction and after each step: ``base(sched_module, opt)`` runs for the first
    ``switch`` steps, SWALR (made at the start, as in torch's example) after."""
    _, su, sched_module, _ = lib_modules(lib)
    opt = make_optimizer(lib)
    first = base(sched_module, opt) if base else None
    swa = su.SWALR(opt, **swa_kwargs)
    out = [[g["lr"] for g in opt.param_groups] + swa.get_last_lr()]
    for epoch in range(steps):
        opt.step()
        (first if epoch < switch else swa).step()
        out.append([g["lr"] for g in opt.param_groups] + swa.get_last_lr())
    return out


SWALR_CASES = {
    "cos": dict(swa_lr=0.05),
    "linear": dict(swa_lr=0.05, anneal_strategy="linear", anneal_epochs=4),
    "cos-per-group": dict(swa_lr=[0.1, 0.5], anneal_epochs=3),
    "linear-one-epoch": dict(swa_lr=0.2, anneal_epochs=1, anneal_strategy="linear"),
    "no-annealing": dict(swa_lr=0.2, anneal_epochs=0),
}


@pytest.mark.parametrize("case", SWALR_CASES)
def test_swalr_lr_sequence_matches_torch(case):
    np.testing.assert_allclose(lr_history(ag, SWALR_CASES[case]), lr_history(torch, SWALR_CASES[case]),
                               rtol=1e-12)


@pytest.mark.parametrize("strategy", ["cos", "linear"])
@pytest.mark.parametrize("base", ["step", "cosine"])
def test_swalr_takes_over_from_a_base_scheduler_as_torch(strategy, base):
    bases = {"step": lambda m, opt: m.StepLR(opt, step_size=2, gamma=0.5),
             "cosine": lambda m, opt: m.CosineAnnealingLR(opt, T_max=10)}
    kwargs = dict(swa_lr=0.02, anneal_epochs=5, anneal_strategy=strategy)
    ours = lr_history(ag, kwargs, bases[base], switch=5, steps=15)
    np.testing.assert_allclose(ours, lr_history(torch, kwargs, bases[base], switch=5, steps=15), rtol=1e-12)
    assert ours[-1][:2] == pytest.approx([0.02, 0.02])


def test_swalr_state_dict_resumes_the_annealing(tmp_path):
    opt = make_optimizer(ag)
    sched = swa_utils.SWALR(opt, swa_lr=0.1, anneal_epochs=6, anneal_strategy="linear")
    for _ in range(3):
        sched.step()
    ag.save({"sched": sched.state_dict(), "optim": opt.state_dict()}, tmp_path / "s.npz")
    ckpt = ag.load(tmp_path / "s.npz")
    opt2 = make_optimizer(ag)
    sched2 = swa_utils.SWALR(opt2, swa_lr=0.5)  # swa_lr lives in the param groups: the optimizer's state has it
    opt2.load_state_dict(ckpt["optim"])
    sched2.load_state_dict(ckpt["sched"])
    assert set(sched.state_dict()) <= set(torch.optim.swa_utils.SWALR(make_optimizer(torch), 0.1).state_dict())
    for _ in range(5):
        sched.step()
        sched2.step()
        assert sched2.get_last_lr() == pytest.approx(sched.get_last_lr())


def loaders(lib, data, with_targets):
    tensor = ag.tensor if lib is ag else torch.tensor
    return [(tensor(x), tensor(np.zeros(len(x)))) if with_targets else tensor(x) for x in data]


@pytest.mark.parametrize("with_targets", [False, True])
@pytest.mark.parametrize("make,shape", [(mlp, (3,)), (convnet, (2, 5, 5))])
def test_update_bn_matches_torch(make, shape, with_targets):
    rng = np.random.default_rng(3)
    ours, theirs = twin(make)
    data = [rng.standard_normal((n, *shape)).astype(np.float32) * 2 + 1 for n in (4, 7, 5)]
    for model in (ours, theirs):
        model[1].running_mean.copy_(model[1].running_mean + 5)  # stale statistics, to be reset
        model.eval()
    swa_utils.update_bn(loaders(ag, data, with_targets), ours, device="cpu")
    torch.optim.swa_utils.update_bn(loaders(torch, data, with_targets), theirs)
    assert_same_state(ours, theirs, atol=1e-5)
    assert not ours.training and not ours[1].training
    assert ours[1].momentum == theirs[1].momentum


def test_update_bn_reads_a_dataloader_and_restores_training_mode():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((20, 3)).astype(np.float32)
    loader = datasets.DataLoader(datasets.TensorDataset(ag.tensor(x), ag.zeros(20)), batch_size=20)
    model = mlp(ag)
    swa_utils.update_bn(loader, model)
    assert model.training and model[1].momentum == 0.1
    hidden = x @ model[0].weight.detach().numpy().T + model[0].bias.detach().numpy()
    np.testing.assert_allclose(model[1].running_mean.numpy(), hidden.mean(0), rtol=1e-5)


def test_update_bn_without_batch_norm_leaves_the_model_alone():
    model = nn.Sequential(nn.Linear(2, 2))
    model.eval()
    swa_utils.update_bn([ag.randn(3, 2)], model)
    assert not model.training


def test_errors_match_torch():
    model = mlp(ag)
    with pytest.raises(AssertionError, match="Only one of avg_fn and multi_avg_fn"):
        swa_utils.AveragedModel(model, avg_fn=swa_utils.get_ema_avg_fn(), multi_avg_fn=swa_utils.get_ema_multi_avg_fn())
    for fn in (swa_utils.get_ema_avg_fn, swa_utils.get_ema_multi_avg_fn):
        with pytest.raises(ValueError, match=r"Invalid decay value 1.5 provided. Please provide a value in \[0,1\]"):
            fn(1.5)
    opt = make_optimizer(ag)
    with pytest.raises(ValueError, match="anneal_strategy must be one of 'cos' or 'linear', instead got exp"):
        swa_utils.SWALR(opt, 0.1, anneal_strategy="exp")
    with pytest.raises(ValueError, match="anneal_epochs must be equal or greater than 0, got -1"):
        swa_utils.SWALR(opt, 0.1, anneal_epochs=-1)
    with pytest.raises(ValueError, match="swa_lr must have the same length as optimizer.param_groups"):
        swa_utils.SWALR(opt, [0.1, 0.2, 0.3])


def test_clear_errors_for_what_torch_lets_through():
    with pytest.raises(TypeError, match="model must be an nn.Module, got list"):
        swa_utils.AveragedModel([nn.Linear(2, 2)])
    averaged = swa_utils.AveragedModel(mlp(ag))
    with pytest.raises(ValueError, match="model has 2 parameters, the averaged copy has 6"):
        averaged.update_parameters(nn.Linear(3, 4))


@pytest.mark.gpu
@pytest.mark.skipif(not ag.cuda.is_available(), reason="needs CuPy and a CUDA GPU")
@pytest.mark.parametrize("case", ["swa-buffers", "ema-multi-buffers", "ema"])
def test_averaging_and_update_bn_on_gpu_match_the_cpu(case):
    states = []
    for device in ("cpu", "cuda"):
        ag.manual_seed(0)
        model = mlp(ag).to(device)
        averaged = swa_utils.AveragedModel(model, device=device, **AVERAGING[case](swa_utils))
        rng = np.random.default_rng(5)
        for _ in range(3):
            with ag.no_grad():
                model(ag.tensor(rng.standard_normal((5, 3)).astype(np.float32), device=device))
                model[0].weight.mul_(1.1)
            averaged.update_parameters(model)
        swa_utils.update_bn([ag.tensor(rng.standard_normal((5, 3)).astype(np.float32))] * 2, averaged, device=device)
        assert averaged.module[1].running_mean.device == averaged.n_averaged.device == model[0].weight.device
        states.append({k: v.cpu().numpy() for k, v in averaged.state_dict().items()})
    for key in states[0]:
        np.testing.assert_allclose(states[1][key], states[0][key], rtol=1e-6, err_msg=key)
