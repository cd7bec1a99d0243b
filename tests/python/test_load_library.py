"""libemorec_ops.so loads into Python with torch.ops.load_library, and its operators agree with plain torch.

Run by ctest (tests/CMakeLists.txt) with the project's .venv Python: python test_load_library.py LIB.
Checks, on the CPU (and on CUDA when a GPU is present): neighbor_aggregate in both forms against a torch
composite (float32, relative error < 1e-5), torch.autograd.gradcheck in float64, multimodal_fuse in every
mode, neighbor_aggregate_csr against neighbor_aggregate at uniform degree, and a named-argument error.
"""
import sys

import torch


def composite(user, rel, rel_idx, x, x_idx, mean_score=True, mean_reduce=True):
    n, k = rel_idx.shape
    b, d = user.shape
    nb = x[x_idx] if x_idx is not None else x
    r = rel[rel_idx].view(b, n // b, k, d)
    s = user.view(b, 1, 1, d) * r
    s = s.mean(-1) if mean_score else s.sum(-1)
    a = torch.softmax(s, -1).view(n, k, 1)
    out = a * nb
    return out.mean(1) if mean_reduce else out.sum(1)


def rel_error(a, b):
    return ((a.double() - b.double()).norm() / b.double().norm().clamp_min(1e-30)).item()


def check_device(device):
    torch.manual_seed(0)
    ops = torch.ops.emorec
    user = torch.randn(4, 19, device=device)
    rel = torch.randn(7, 19, device=device)
    rel_idx = torch.randint(0, 7, (8, 5), device=device)
    table = torch.randn(30, 19, device=device)
    x_idx = torch.randint(0, 30, (8, 5), device=device)
    dense = torch.randn(8, 5, 19, device=device)
    for x, xi in ((table, x_idx), (dense, None)):
        for ms in (True, False):
            out = ops.neighbor_aggregate(user, rel, rel_idx, x, xi, ms, not ms)
            err = rel_error(out, composite(user.double(), rel.double(), rel_idx, x.double(), xi, ms, not ms))
            assert err < 1e-5, f"{device} neighbor_aggregate error {err}"
    entity = torch.randn(6, 8, device=device)
    modal = torch.randn(6, 3, 8, device=device)
    stacked = torch.cat([entity[:, None], modal], 1)
    expected = {"sum": stacked.sum(1), "mean": stacked.mean(1), "max": stacked.max(1).values,
                "concat": stacked.reshape(6, -1)}
    for mode, want in expected.items():
        got = ops.multimodal_fuse(entity, modal, None, mode)
        assert rel_error(got, want) < 1e-6, f"{device} multimodal_fuse {mode}"
    w, b = torch.randn(8, 8, device=device), torch.randn(8, device=device)
    got = ops.multimodal_fuse(entity, modal, None, "residual", w, b)
    want = torch.tanh((entity + stacked.mean(1)) @ w.T + b)
    assert rel_error(got, want) < 1e-5, f"{device} multimodal_fuse residual"
    rowptr = torch.arange(0, 41, 5, device=device)
    csr = ops.neighbor_aggregate_csr(user, rel, rowptr, rel_idx.reshape(-1), table, x_idx.reshape(-1))
    assert rel_error(csr, ops.neighbor_aggregate(user, rel, rel_idx, table, x_idx)) < 1e-5, f"{device} csr"


def main():
    torch.ops.load_library(sys.argv[1])
    check_device("cpu")
    # float64 gradients on the CPU, both forms
    torch.manual_seed(1)
    user = torch.randn(2, 5, dtype=torch.double, requires_grad=True)
    rel = torch.randn(3, 5, dtype=torch.double, requires_grad=True)
    table = torch.randn(6, 5, dtype=torch.double, requires_grad=True)
    rel_idx = torch.randint(0, 3, (4, 3))
    x_idx = torch.randint(0, 6, (4, 3))
    assert torch.autograd.gradcheck(lambda u, r, t: torch.ops.emorec.neighbor_aggregate(u, r, rel_idx, t, x_idx),
                                    (user, rel, table))
    entity = torch.randn(5, 4, dtype=torch.double, requires_grad=True)
    modal = torch.randn(3, 2, 4, dtype=torch.double, requires_grad=True)
    index = torch.tensor([0, -1, 2, 2, 1])
    for mode in ("sum", "mean", "max", "concat"):
        assert torch.autograd.gradcheck(lambda e, m: torch.ops.emorec.multimodal_fuse(e, m, index, mode),
                                        (entity, modal))
    try:
        torch.ops.emorec.neighbor_aggregate(user.detach(), rel.detach()[:, :3], rel_idx, table.detach(), x_idx)
        raise AssertionError("a wrong rel_table width was accepted")
    except RuntimeError as e:
        assert "rel_table must be [R,D]" in str(e), str(e)
    devices = "cpu"
    if torch.cuda.is_available():
        check_device("cuda")
        devices += " and cuda"
    print(f"libemorec_ops loads into Python {torch.__version__}; operators agree with torch on {devices}")


if __name__ == "__main__":
    main()
