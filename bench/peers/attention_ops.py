"""Times ATen's operators at the shapes of MKGCN's attention user aggregator (music-d: batch 64, 8 heads, a
history of 8, 2 features a head), arranged as LibTorch's MultiheadAttention arranges them ([N*heads, L, d]:
innermost reductions over 8 and 2) and as EmoRec's self_attention_mean does ([d, L, N*heads]: the 512 problems
innermost). Same ATen kernels as LibTorch's; one intra-op thread by default. Output: microseconds per call."""
import argparse
import time

import torch


def per_call_us(fn, calls: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls * 1e6


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--calls", type=int, default=500)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    problems, length, d = 64 * 8, 8, 2
    q, k = torch.randn(problems, length, d), torch.randn(problems, length, d)
    scores = torch.randn(problems, length, length)
    qt, kt = q.permute(2, 1, 0).contiguous(), k.permute(2, 1, 0).contiguous()  # [d, L, problems]
    scores_t = scores.permute(1, 2, 0).contiguous()  # [L query, L key, problems]

    def softmax_outer():
        e = (scores_t - scores_t.amax(1, keepdim=True)).exp()
        return e / e.sum(1, keepdim=True)

    cases = [
        ("softmax over the innermost dim (8), [512, 8, 8]", lambda: torch.softmax(scores, -1)),
        ("softmax over dim 1 written out, [8, 8, 512]", softmax_outer),
        ("scores by bmm, [512, 8, 2] x [512, 2, 8]", lambda: torch.bmm(q, k.transpose(1, 2))),
        ("scores by broadcast product and sum over dim 0, [2, 8, 8, 512]",
         lambda: (qt.unsqueeze(2) * kt.unsqueeze(1)).sum(0)),
    ]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} intra-op thread(s), {args.calls} calls each")
    for name, fn in cases:
        print(f"{per_call_us(fn, args.calls):9.1f} us  {name}")


if __name__ == "__main__":
    main()
