"""Du, Zhai, Poczos, Singh (ICLR 2019), Figure 1 (a-c), and supplementary figure du2019-supp1.

One GD run per (width, seed) on n points uniform on S^{d-1} with N(0, 1) labels, W ~ N(0, I), a ~ unif{-1, +1}
fixed, ReLU, L = 1/2 sum (f - y)^2, full-batch GD for ``steps`` iterations (spec du2019.md, sections 1-2).
Stages: settings (data, initial weights, theory formulas), compute (the only torch importer), tables, claims,
plots; registry (figures, panels, jobs).
"""
