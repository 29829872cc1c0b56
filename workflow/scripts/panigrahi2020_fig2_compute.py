# One compute part of Panigrahi et al. Figure 2: geometry (a, b), G spectra (c) or SGD training (d).
from overparam.io import load_npz, save_npz
from overparam.papers import panigrahi2020_fig2 as fig2
from overparam.runtime import start_job

part = snakemake.wildcards.part
device = start_job(f"panigrahi2020_fig2_{part}", snakemake.log[0], snakemake.threads, snakemake.params.device,
                   config=snakemake.config, inputs=snakemake.input)
data = load_npz(snakemake.input[0])
X = fig2.features(data["images"])
cfg, seed = snakemake.params.cfg, snakemake.params.seed
if part == "geometry":
    result = fig2.geometry(X, cfg, device)
elif part == "spectra":
    result = fig2.g_spectra(X, cfg, seed, device)
else:
    result = fig2.train_sgd(X, data["labels"], cfg, seed, device)
save_npz(snakemake.output[0], source=data["source"], **result)
