#!/usr/bin/env python3
"""Expected parameters and optimizer state for OptimizerTests, computed independently of
Strata with numpy float32, following torch.optim's documented algorithms line by line:

  SGD   https://pytorch.org/docs/stable/generated/torch.optim.SGD.html
        (torch/optim/sgd.py, _single_tensor_sgd)
  Adam  https://pytorch.org/docs/stable/generated/torch.optim.Adam.html
        (torch/optim/adam.py, _single_tensor_adam)
  AdamW https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html

As PyTorch does: per-element arithmetic in float32, in the order of its tensor ops
(add(alpha), lerp, mul/addcmul, sqrt/div/add, addcdiv); the scalars that torch computes as
Python floats (bias corrections, step size, 1 - lr*wd) in float64, then rounded to
float32 when they meet a float32 tensor. Strata's hyperparameters are float32, so each is
rounded to float32 first (0.9 -> 0.89999998).

Run: python3 make-optim-cases.py > optim-cases.json   (numpy only; torch is not needed)
"""
import json
import math

import numpy as np

f32 = np.float32


def sgd(params, grads_per_step, lrs, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0):
    """torch.optim.SGD, maximize=False. Yields (params, {state: [per param]}) after each step."""
    momentum, dampening, weight_decay = f32(momentum), f32(dampening), f32(weight_decay)
    params = [p.copy() for p in params]
    bufs = [None] * len(params)
    for lr, grads in zip(lrs, grads_per_step):
        lr = f32(lr)
        for i, p in enumerate(params):
            g = grads[i].copy()
            if weight_decay != 0:
                g = g + weight_decay * p                    # grad.add(param, alpha=wd)
            if momentum != 0:
                if bufs[i] is None:
                    bufs[i] = g.copy()                      # torch.clone(grad)
                else:
                    bufs[i] = bufs[i] * momentum            # buf.mul_(momentum)
                    bufs[i] = bufs[i] + f32(1 - dampening) * g   # .add_(grad, alpha=1-dampening)
                if nesterov:
                    g = g + momentum * bufs[i]              # grad.add(buf, alpha=momentum)
                else:
                    g = bufs[i]
            params[i] = p + f32(-lr) * g                    # param.add_(grad, alpha=-lr)
        state = {"momentum_buffer": [b.copy() for b in bufs]} if momentum != 0 else {}
        yield [p.copy() for p in params], state


def adam(params, grads_per_step, lrs, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled=False):
    """torch.optim.Adam (decoupled=False) or AdamW (True); amsgrad=False, maximize=False."""
    beta1, beta2 = float(f32(betas[0])), float(f32(betas[1]))   # float32 settings, as Python floats
    eps, wd = f32(eps), float(f32(weight_decay))
    params = [p.copy() for p in params]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step, (lr, grads) in enumerate(zip(lrs, grads_per_step), start=1):
        lr = float(f32(lr))
        for i, p in enumerate(params):
            g = grads[i].copy()
            if decoupled:
                p = p * f32(1 - lr * wd)                    # param.mul_(1 - lr * weight_decay)
            elif wd != 0:
                g = g + f32(wd) * p                         # grad.add(param, alpha=weight_decay)
            w = f32(1 - beta1)                              # exp_avg.lerp_(grad, 1 - beta1):
            m[i] = m[i] + w * (g - m[i])                    #   ATen lerp for weight < 0.5
            v[i] = v[i] * f32(beta2)                        # exp_avg_sq.mul_(beta2)
            v[i] = v[i] + f32(1 - beta2) * g * g            #   .addcmul_(grad, grad, value=1-beta2)
            bias_correction1 = 1 - beta1 ** step
            bias_correction2 = 1 - beta2 ** step
            step_size = lr / bias_correction1
            bias_correction2_sqrt = math.sqrt(bias_correction2)
            denom = np.sqrt(v[i]) / f32(bias_correction2_sqrt) + eps   # (exp_avg_sq.sqrt() / bc2_sqrt).add_(eps)
            params[i] = p + f32(-step_size) * m[i] / denom  # param.addcdiv_(exp_avg, denom, value=-step_size)
        yield [p.copy() for p in params], {"exp_avg": [x.copy() for x in m], "exp_avg_sq": [x.copy() for x in v]}


def floats(a):
    # repr of a float32 widened to float64 is exact, so Swift's Float(Double) gets the same value.
    return [float(x) for x in np.asarray(a, dtype=f32).ravel()]


def main():
    rng = np.random.default_rng(20261130)
    # fc.weight has 21 elements: two 8-lane blocks of the vectorized Adam update and a tail.
    shapes = {"conv.weight": [2, 3], "conv.bias": [4], "fc.weight": [3, 7]}
    names = list(shapes)
    initial = [rng.uniform(-1, 1, size=shapes[n]).astype(f32) for n in names]
    steps = 4
    grads = [[rng.normal(0, 0.5, size=shapes[n]).astype(f32) for n in names] for _ in range(steps)]
    grads[1][1][2] = 0  # a zero gradient element
    lrs = [0.1, 0.1, 0.05, 0.02]

    configs = [
        ("sgd", "sgd plain", {}),
        ("sgd", "sgd momentum", {"momentum": 0.9}),
        ("sgd", "sgd momentum dampening", {"momentum": 0.9, "dampening": 0.5}),
        ("sgd", "sgd nesterov", {"momentum": 0.9, "nesterov": True}),
        ("sgd", "sgd weight decay", {"weightDecay": 0.1}),
        ("sgd", "sgd momentum weight decay", {"momentum": 0.8, "weightDecay": 0.05}),
        ("sgd", "sgd nesterov weight decay", {"momentum": 0.7, "nesterov": True, "weightDecay": 0.1}),
        ("adam", "adam", {}),
        ("adam", "adam betas eps", {"beta1": 0.8, "beta2": 0.95, "eps": 1e-3}),
        ("adam", "adam weight decay", {"weightDecay": 0.1}),
        ("adamw", "adamw default", {}),
        ("adamw", "adamw weight decay", {"weightDecay": 0.3, "beta1": 0.85, "beta2": 0.99}),
    ]
    cases = []
    for optimizer, name, options in configs:
        if optimizer == "sgd":
            run = sgd(initial, grads, lrs, momentum=options.get("momentum", 0.0),
                      dampening=options.get("dampening", 0.0), nesterov=options.get("nesterov", False),
                      weight_decay=options.get("weightDecay", 0.0))
        else:
            default_wd = 0.01 if optimizer == "adamw" else 0.0
            run = adam(initial, grads, lrs, betas=(options.get("beta1", 0.9), options.get("beta2", 0.999)),
                       eps=options.get("eps", 1e-8), weight_decay=options.get("weightDecay", default_wd),
                       decoupled=optimizer == "adamw")
        results = []
        for params, state in run:
            results.append({
                "parameters": [floats(p) for p in params],
                "state": {f"{names[i]}.{key}": floats(tensors[i])
                          for key, tensors in state.items() for i in range(len(names))},
            })
        cases.append({"name": name, "optimizer": optimizer, "options": options, "steps": results})

    print(json.dumps({
        "parameters": [{"name": n, "shape": shapes[n]} for n in names],
        "initial": [floats(p) for p in initial],
        "learningRates": lrs,
        "gradients": [[floats(g) for g in step] for step in grads],
        "cases": cases,
    }, indent=1))


if __name__ == "__main__":
    main()
