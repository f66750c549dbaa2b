"""RNN, LSTM, GRU and their cells: shapes, PyTorch parity with copied weights, gradcheck."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn

CASES = [dict(), dict(num_layers=2, batch_first=True), dict(num_layers=2, bidirectional=True),
         dict(bias=False, batch_first=True, bidirectional=True)]


@pytest.mark.parametrize("kind", ["RNN", "RNN-relu", "LSTM", "GRU"])
@pytest.mark.parametrize("kw", CASES, ids=["plain", "2layer-batch_first", "bidirectional", "nobias"])
def test_matches_pytorch_with_copied_weights(kind, kw):
    torch = pytest.importorskip("torch")
    kind, _, nonlinearity = kind.partition("-")
    kw = dict(kw, nonlinearity=nonlinearity) if nonlinearity else kw
    ours, theirs = getattr(nn, kind)(3, 5, **kw).double(), getattr(torch.nn, kind)(3, 5, **kw).double()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 4, 3) if kw.get("batch_first") else (4, 2, 3))
    d = (2 if kw.get("bidirectional") else 1) * kw.get("num_layers", 1)
    h0 = rng.normal(size=(d, 2, 5))
    state = (h0, rng.normal(size=(d, 2, 5))) if kind == "LSTM" else h0
    wrap = (lambda f, s: tuple(f(a) for a in s) if isinstance(s, tuple) else f(s))
    xa, xt = ag.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, hn = ours(xa, wrap(ag.tensor, state))
    tout, thn = theirs(xt, wrap(torch.tensor, state))
    np.testing.assert_allclose(out.detach().numpy(), tout.detach().numpy(), atol=1e-12)
    for a, b in zip(hn if kind == "LSTM" else (hn,), thn if kind == "LSTM" else (thn,)):
        assert a.shape == tuple(b.shape)
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), atol=1e-12)
    (out * out).sum().backward()
    (tout * tout).sum().backward()
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), atol=1e-12)
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad.numpy(), theirs.get_parameter(name).grad.numpy(), atol=1e-10)


def test_output_shapes_and_default_state():
    lstm = nn.LSTM(3, 4, num_layers=2, batch_first=True)
    out, (h, c) = lstm(ag.randn(5, 7, 3))
    assert out.shape == (5, 7, 4) and h.shape == c.shape == (2, 5, 4)
    gru = nn.GRU(3, 4, bidirectional=True)
    out, h = gru(ag.randn(7, 5, 3))
    assert out.shape == (7, 5, 8) and h.shape == (2, 5, 4)
    out, h = nn.RNN(3, 4)(ag.randn(7, 3))  # unbatched
    assert out.shape == (7, 4) and h.shape == (1, 4)
    assert out.dtype == np.float32


def test_unbatched_matches_batch_of_one():
    rnn = nn.GRU(3, 4, num_layers=2)
    x = ag.randn(6, 3)
    with ag.no_grad():
        out, h = rnn(x)
        out1, h1 = rnn(x.reshape(6, 1, 3))
    np.testing.assert_allclose(out.numpy(), out1.numpy()[:, 0], rtol=1e-6)
    np.testing.assert_allclose(h.numpy(), h1.numpy()[:, 0], rtol=1e-6)


def test_lstm_gradcheck_float64():
    lstm = nn.LSTM(2, 3, num_layers=2, bidirectional=True).double()
    x = ag.randn(3, 2, 2, dtype=np.float64, requires_grad=True)
    h0 = ag.randn(4, 2, 3, dtype=np.float64, requires_grad=True)
    c0 = ag.randn(4, 2, 3, dtype=np.float64, requires_grad=True)

    def f(x, h0, c0, *weights):  # gradcheck perturbs the parameters in place, so the module sees it
        out, (h, c) = lstm(x, (h0, c0))
        return out, h, c
    assert ag.gradcheck(f, [x, h0, c0, lstm.weight_ih_l0, lstm.weight_hh_l1_reverse, lstm.bias_hh_l0])


def test_gru_gradgradcheck_float64():
    gru = nn.GRU(2, 2).double()
    x = ag.randn(2, 1, 2, dtype=np.float64, requires_grad=True)
    assert ag.gradgradcheck(lambda x, w: gru(x)[0], [x, gru.weight_hh_l0])


def test_dropout_between_layers_only_in_training():
    rnn = nn.LSTM(3, 4, num_layers=2, dropout=0.5)
    x = ag.randn(5, 2, 3)
    rnn.eval()
    with ag.no_grad():
        a, _ = rnn(x)
        b, _ = rnn(x)
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        rnn.train()
        c, _ = rnn(x)
    assert not np.allclose(a.numpy(), c.numpy())


def test_errors():
    with pytest.raises(ValueError, match="input_size is 3"):
        nn.LSTM(3, 4)(ag.randn(5, 2, 6))
    with pytest.raises(ValueError, match=r"initial state has shape \(1, 2, 5\)"):
        nn.GRU(3, 4)(ag.randn(5, 2, 3), ag.zeros(1, 2, 5))
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(3, 4, nonlinearity="sigmoid")
    for layer in (nn.LSTM(3, 4), nn.GRU(3, 4)):  # torch: "Expected sequence length to be larger than 0 in RNN"
        with pytest.raises(RuntimeError, match=r"sequence length to be larger than 0, got input of shape \(0, 2, 3\)"):
            layer(ag.zeros(0, 2, 3))


def test_init_range_and_repr():
    lstm = nn.LSTM(3, 16, num_layers=2, batch_first=True)
    assert all(float(p.abs().max()) <= 0.25 for p in lstm.parameters())
    assert repr(lstm) == "LSTM(3, 16, num_layers=2, batch_first=True)"
    assert repr(nn.RNN(2, 3, nonlinearity="relu")) == "RNN(2, 3, nonlinearity='relu')"


@pytest.mark.parametrize("kind", ["RNNCell", "LSTMCell", "GRUCell"])
def test_cells_match_pytorch(kind):
    torch = pytest.importorskip("torch")
    ours, theirs = getattr(nn, kind)(3, 4).double(), getattr(torch.nn, kind)(3, 4).double()
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(1).normal(size=(2, 3))
    a, b = ours(ag.tensor(x)), theirs(torch.tensor(x))
    for u, v in zip(a if kind == "LSTMCell" else (a,), b if kind == "LSTMCell" else (b,)):
        np.testing.assert_allclose(u.detach().numpy(), v.detach().numpy(), atol=1e-12)
    single = ours(ag.tensor(x[0]))
    assert (single[0] if kind == "LSTMCell" else single).shape == (4,)


@pytest.mark.parametrize("kind", ["GRU", "RNN-relu"])
def test_sequence_nodes_double_backward(kind):
    """create_graph through the sequence nodes (their steps replayed as ops): a gradient penalty's gradient."""
    kind, _, nonlinearity = kind.partition("-")
    kw = {"nonlinearity": nonlinearity} if nonlinearity else {}
    layer = getattr(nn, kind)(2, 3, num_layers=2, bidirectional=True, **kw).double()
    x = ag.randn(3, 2, 2, dtype=np.float64, requires_grad=True)
    h0 = ag.randn(4, 2, 3, dtype=np.float64, requires_grad=True)
    assert ag.gradgradcheck(lambda x, h0, w: layer(x, h0)[0], [x, h0, layer.weight_hh_l0])


@pytest.mark.parametrize("kind", ["RNN", "LSTM", "GRU"])
def test_mixed_dtypes_give_each_gradient_its_own_dtype(kind):
    """A float32 layer on float64 input (PyTorch refuses the mix): the result is float64, as binary ops
    promote, and every parameter's gradient stays float32."""
    layer = getattr(nn, kind)(3, 4)
    x = ag.randn(5, 2, 3, dtype=np.float64, requires_grad=True)
    y, _ = layer(x)
    assert y.dtype == np.float64
    (y * y).sum().backward()
    assert x.grad.dtype == np.float64
    assert {name: p.grad.dtype for name, p in layer.named_parameters()} == {
        name: np.dtype(np.float32) for name, _ in layer.named_parameters()}
