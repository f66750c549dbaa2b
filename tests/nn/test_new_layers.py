"""nn.Buffer, the lazy norms, SyncBatchNorm, NLLLoss2d, CrossMapLRN2d, AdaptiveLogSoftmaxWithLoss, the RNN
base classes and the functional RNN cells, against PyTorch where it is installed."""
import pickle

import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn as nn


def _to_torch(module, torch_module):
    torch = pytest.importorskip("torch")
    torch_module.load_state_dict({k: torch.tensor(v.numpy()) for k, v in module.state_dict().items()})
    return torch_module


# -- Buffer ------------------------------------------------------------------------
def test_buffer_assignment_registers_a_buffer_as_torch():
    m = nn.Module()
    m.mean = nn.Buffer(ag.zeros(2))
    m.steps = nn.Buffer(ag.tensor(0), persistent=False)
    assert list(dict(m.named_buffers())) == ["mean", "steps"] and list(m.state_dict()) == ["mean"]
    m.steps = nn.Buffer(ag.tensor(1))  # a Buffer again: its persistence is the new one's
    assert list(m.state_dict()) == ["mean", "steps"]
    m.mean = ag.ones(2)  # a plain Tensor into an existing buffer keeps it a buffer
    assert "mean" in m._buffers and isinstance(nn.Buffer(), ag.Tensor) and nn.Buffer().shape == (0,)
    b = pickle.loads(pickle.dumps(nn.Buffer(ag.ones(1), persistent=False)))
    assert isinstance(b, nn.Buffer) and b.persistent is False


def test_uninitialized_buffer_stays_lazy_through_to_and_materializes():
    m = nn.Module()
    m.stat = nn.UninitializedBuffer()
    m.to(ag.float64)
    assert isinstance(m.stat, nn.UninitializedBuffer) and m.stat.dtype == np.float64
    with pytest.raises(RuntimeError, match="no shape yet"):
        m.state_dict()
    m.stat.materialize(ag.ones(3, dtype=ag.float64))
    assert type(m.stat) is nn.Buffer and m.state_dict()["stat"].shape == (3,)


# -- lazy norms ----------------------------------------------------------------------
@pytest.mark.parametrize("name, shape", [("LazyBatchNorm1d", (4, 3)), ("LazyBatchNorm1d", (4, 3, 5)),
                                         ("LazyBatchNorm2d", (2, 3, 4, 4)), ("LazyBatchNorm3d", (2, 3, 2, 2, 2)),
                                         ("LazyInstanceNorm1d", (2, 3, 5)), ("LazyInstanceNorm2d", (2, 3, 4, 4)),
                                         ("LazyInstanceNorm3d", (2, 3, 2, 2, 2))])
def test_lazy_norms_become_the_eager_layer_as_torch(name, shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape)
    ours, theirs = getattr(nn, name)(dtype=ag.float64), getattr(torch.nn, name)(dtype=torch.float64)
    assert repr(ours) == repr(theirs)
    assert [type(b).__name__ for b in ours._buffers.values()] == [type(b).__name__ for b in theirs._buffers.values()]
    y, ty = ours(ag.tensor(x)), theirs(torch.tensor(x))
    assert type(ours).__name__ == type(theirs).__name__ == name[4:] and repr(ours) == repr(theirs)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=1e-12)
    for key, value in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[key].numpy(), value.numpy(), atol=1e-12, err_msg=key)


def test_lazy_norm_loads_a_checkpoint_before_its_first_call():
    bn = nn.BatchNorm1d(5)
    bn.running_mean.add_(1.0)
    lazy = nn.LazyBatchNorm1d()
    lazy.load_state_dict(bn.state_dict())
    assert lazy.running_mean.shape == (5,) and np.all(lazy.running_mean.numpy() == 1)
    lazy(ag.randn(2, 5))
    assert type(lazy) is nn.BatchNorm1d and lazy.num_features == 5


def test_lazy_norm_without_affine_or_statistics():
    m = nn.LazyInstanceNorm2d(affine=False, track_running_stats=False)
    assert m(ag.randn(2, 3, 4, 4)).shape == (2, 3, 4, 4)
    assert type(m) is nn.InstanceNorm2d and m.num_features == 3 and m.weight is None and m.running_mean is None


def test_lazy_instance_norm_reads_channels_of_unbatched_input_from_dim_0():
    # PyTorch 2.13 reads dim 1 here and then refuses the input; the channels of (C, L) input are dim 0
    m = nn.LazyInstanceNorm1d()
    assert m(ag.randn(3, 5)).shape == (3, 5) and m.num_features == 3 and m.running_mean.shape == (3,)


# -- RNN base classes and the functional cells -------------------------------------------
def test_rnn_layers_and_cells_have_torchs_base_classes():
    assert isinstance(nn.LSTM(2, 3), nn.RNNBase) and isinstance(nn.GRU(2, 3), nn.RNNBase)
    assert all(isinstance(c(2, 3), nn.RNNCellBase) for c in (nn.RNNCell, nn.LSTMCell, nn.GRUCell))
    assert nn.RNNCell(2, 3, nonlinearity="relu").mode == "RNN_RELU" and nn.GRUCell(2, 3).mode == "GRU"
    base = nn.RNNCellBase(2, 3, True, 4)
    assert base.weight_ih.shape == (12, 2) and base.bias_hh.shape == (12,)


@pytest.mark.parametrize("name, chunks", [("rnn_tanh_cell", 1), ("rnn_relu_cell", 1), ("lstm_cell", 4),
                                          ("gru_cell", 3)])
@pytest.mark.parametrize("bias", [True, False])
def test_functional_cells_match_torch(name, chunks, bias):
    from tests.torch_parity import compare
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in [(3, 4), (3, 5), (chunks * 5, 4), (chunks * 5, 5)]]
    arrays += [rng.standard_normal(chunks * 5) for _ in range(2 * bias)]
    if name == "lstm_cell":
        arrays.insert(2, rng.standard_normal((3, 5)))

        def call(lib):
            return lambda x, h, c, *w: getattr(lib, name)(x, (h, c), *w)[0] * 2 + getattr(lib, name)(x, (h, c), *w)[1]
    else:
        def call(lib):
            return lambda *a: getattr(lib, name)(*a)
    compare(call(ag), call(torch), arrays)


def test_cell_modules_use_the_functional_cells():
    cell = nn.LSTMCell(4, 5)
    x, h, c = ag.randn(3, 4), ag.randn(3, 5), ag.randn(3, 5)
    h1, c1 = cell(x, (h, c))
    h2, c2 = ag.lstm_cell(x, (h, c), cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    np.testing.assert_array_equal(h1.detach().numpy(), h2.detach().numpy())
    np.testing.assert_array_equal(c1.detach().numpy(), c2.detach().numpy())


# -- SyncBatchNorm and NLLLoss2d ------------------------------------------------------------
def test_sync_batch_norm_is_batch_norm_in_one_process_as_torch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(1).standard_normal((4, 3, 2, 2, 2))
    ours, theirs = nn.SyncBatchNorm(3, momentum=None).double(), torch.nn.SyncBatchNorm(3, momentum=None).double()
    for _ in range(2):
        y, ty = ours(ag.tensor(x)), theirs(torch.tensor(x))
        np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.running_var.numpy(), theirs.running_var.numpy(), atol=1e-12)
    assert repr(ours) == repr(theirs)
    with pytest.raises(ValueError, match="at least 2D"):
        ours(ag.ones(3))


def test_convert_sync_batchnorm_keeps_the_tensors_and_skips_instance_norm():
    net = nn.Sequential(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2), nn.Sequential(nn.BatchNorm1d(2, affine=False)),
                        nn.InstanceNorm2d(2))
    weight, mean = net[1].weight, net[2][0].running_mean
    net.eval()
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(net)
    assert converted is net and type(net[1]) is nn.SyncBatchNorm and type(net[2][0]) is nn.SyncBatchNorm
    assert type(net[3]) is nn.InstanceNorm2d and not net[1].training
    assert net[1].weight is weight and net[2][0].running_mean is mean and net[2][0].weight is None
    assert type(nn.SyncBatchNorm.convert_sync_batchnorm(nn.BatchNorm1d(3))) is nn.SyncBatchNorm


def test_nll_loss_2d_is_deprecated_nll_loss():
    with pytest.warns(FutureWarning, match="NLLLoss2d"):
        loss = nn.NLLLoss2d(ignore_index=1)
    assert isinstance(loss, nn.NLLLoss) and loss.ignore_index == 1
    x = ag.randn(2, 3, 4, 4).log_softmax(1)
    t = ag.tensor(np.random.default_rng(0).integers(0, 3, (2, 4, 4)))
    np.testing.assert_allclose(loss(x, t).numpy(), nn.NLLLoss(ignore_index=1)(x, t).numpy())
